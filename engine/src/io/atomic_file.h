#pragma once
// Crash-safe file replacement and self-checking file framing for the library's
// derived files (index.faiss, centroids.bin).
//
// Atomic write: the bytes go to "<path>.tmp-<pid>.<n>" beside the target, the
// file is fsync'ed, renamed over <path>, and the directory is fsync'ed so the
// rename itself is durable. A crash at any point leaves either the old file or
// the new one at <path>, never a mixture (a stale .tmp file may be left behind;
// it is ignored by readers and overwritten or removed by later writes).
//
// Checked framing: writeChecked()/CheckedFileWriter prefix the payload with a
// 32-byte little-endian header
//     magic "HEARCHK1" | u32 format version (1) | u32 tag (caller's file kind)
//     u64 payload size | u32 CRC-32 of payload | u32 CRC-32 of the 28 bytes before it
// and readChecked() refuses files whose magic, tag, size or checksums disagree:
// truncation -> ErrorCode::Truncated, anything else damaged -> ErrorCode::DataCorrupt,
// always with a message naming the file.
#include <humanear/result.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace humanear::index {

// CRC-32 (IEEE 802.3, as zlib's crc32). Pass the previous value to continue a stream.
uint32_t crc32(const void* data, size_t size, uint32_t previous = 0);

// Four-character tag identifying what a checked file holds, e.g. fourcc("VIDX").
constexpr uint32_t fourcc(const char (&s)[5]) {
    return uint32_t(uint8_t(s[0])) | uint32_t(uint8_t(s[1])) << 8 | uint32_t(uint8_t(s[2])) << 16 |
           uint32_t(uint8_t(s[3])) << 24;
}
constexpr size_t kCheckedHeaderSize = 32;

// Replaces `path` with exactly these bytes (no header), atomically and durably.
Status writeFileAtomically(const std::string& path, const void* data, size_t size);
Status writeFileAtomically(const std::string& path, const std::vector<uint8_t>& bytes);

// Streaming variant: write() as often as needed, then commit(). Until commit()
// the file at `path` is untouched; destroying an uncommitted writer (or abort())
// removes the temporary file. Move-only; not thread-safe.
class AtomicFileWriter {
public:
    static Result<AtomicFileWriter> begin(const std::string& path);
    AtomicFileWriter(AtomicFileWriter&&) noexcept;
    AtomicFileWriter& operator=(AtomicFileWriter&&) noexcept;
    ~AtomicFileWriter();

    Status write(const void* data, size_t size);
    // Overwrites already-written bytes (used to patch a header after streaming).
    Status writeAt(uint64_t offset, const void* data, size_t size);
    Status commit();  // fsync, rename over path, fsync directory
    void abort();

    const std::string& path() const;
    const std::string& tempPath() const;

private:
    struct Impl;
    explicit AtomicFileWriter(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// Atomic write of header + payload.
Status writeChecked(const std::string& path, uint32_t tag, const void* payload, size_t size);
Status writeChecked(const std::string& path, uint32_t tag, const std::vector<uint8_t>& payload);

// Streaming checked writer: header is patched in at commit().
class CheckedFileWriter {
public:
    static Result<CheckedFileWriter> begin(const std::string& path, uint32_t tag);
    Status write(const void* data, size_t size);
    Status commit();
    void abort();

private:
    CheckedFileWriter(AtomicFileWriter file, uint32_t tag);
    AtomicFileWriter file_;
    uint32_t tag_ = 0;
    uint64_t size_ = 0;
    uint32_t crc_ = 0;
};

// Reads and verifies a checked file; returns the payload. `expectedTag` 0 accepts any tag.
Result<std::vector<uint8_t>> readChecked(const std::string& path, uint32_t expectedTag = 0);

// Reads a whole file without interpretation.
Result<std::vector<uint8_t>> readWholeFile(const std::string& path);

}  // namespace humanear::index
