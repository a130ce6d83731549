#pragma once
// The catalog's SQLite schema (version 3) and its migrations, and the checksum each
// track row carries. Kept apart from catalog.cpp so the storage layout reads in one
// place; only catalog.cpp and the salvage path include it.
#include "library/catalog.h"

#include <cstdint>

namespace humanear::library::schema {

extern const char* const kTrackColumns;   // the columns a TrackRecord is read from, in order
extern const char* const kVectorColumns;  // read after kTrackColumns: raw_features, embedding, row_crc (14-16)
extern const char* const kCreate;         // schema 1's tables
extern const char* const kVersion2Additions;  // also run on schema-1 catalogs after kMigrate1To2
extern const char* const kVersion3Additions;
extern const char* const kMigrate1To2;

// Everything a row stores that a query relies on (not its id or when it was added).
uint32_t rowChecksum(const TrackRecord& track);

}  // namespace humanear::library::schema
