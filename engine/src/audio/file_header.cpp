#include "audio/file_header.h"

#include "io/byte_order.h"

#include <sys/types.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

namespace humanear::audio {

namespace {

struct FileCloser {
    void operator()(FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<FILE, FileCloser>;

File openFile(const std::string& path) { return File(std::fopen(path.c_str(), "rb")); }

size_t readAt(FILE* f, int64_t offset, void* into, size_t bytes) {
    if (fseeko(f, static_cast<off_t>(offset), SEEK_SET) != 0) return 0;
    return std::fread(into, 1, bytes, f);
}

int64_t fileSize(FILE* f) {
    if (fseeko(f, 0, SEEK_END) != 0) return -1;
    return static_cast<int64_t>(ftello(f));
}

uint32_t le32(const unsigned char* p) { return io::loadU32(p); }
uint32_t be32(const unsigned char* p) { return uint32_t(io::loadBigEndian(p, 4)); }

// Writers that stream to a pipe leave 0xFFFFFFFF (FFmpeg) or 0x7FFFF000 (SoX)
// because they cannot seek back; such a size is a placeholder, not a promise.
constexpr uint32_t kPlaceholderSize = 0x7F000000u;

// Length of an ID3v2 tag at the start of an MP3 (0 when there is none).
int64_t id3v2Length(FILE* f) {
    unsigned char h[10];
    if (readAt(f, 0, h, sizeof h) != sizeof h || std::memcmp(h, "ID3", 3) != 0) return 0;
    const int64_t size = int64_t(h[6] & 0x7F) << 21 | int64_t(h[7] & 0x7F) << 14 | int64_t(h[8] & 0x7F) << 7 | (h[9] & 0x7F);
    return 10 + size + ((h[5] & 0x10) ? 10 : 0);
}

}  // namespace

std::string claimedContainer(const std::string& path) {
    File f = openFile(path);
    if (!f) return {};
    unsigned char head[12] = {};
    const size_t n = readAt(f.get(), 0, head, sizeof head);
    auto is = [&](size_t at, const char* magic) {
        const size_t len = std::strlen(magic);
        return n >= at + len && std::memcmp(head + at, magic, len) == 0;
    };
    if (is(0, "fLaC")) return "a FLAC";
    if (is(0, "OggS")) return "an Ogg";
    if (is(0, "ID3")) return "an MP3";
    if ((is(0, "RIFF") || is(0, "RIFX") || is(0, "RF64")) && is(8, "WAVE")) return "a WAV";
    if (is(0, "FORM") && (is(8, "AIFF") || is(8, "AIFC"))) return "an AIFF";
    if (is(4, "ftyp")) return "an MP4/M4A";
    if (is(0, "caff")) return "a CAF";
    return {};
}

std::optional<PcmHeader> readPcmHeader(const std::string& path) {
    File f = openFile(path);
    if (!f) return std::nullopt;
    unsigned char head[12];
    if (readAt(f.get(), 0, head, sizeof head) != sizeof head) return std::nullopt;
    const bool riff = std::memcmp(head, "RIFF", 4) == 0 && std::memcmp(head + 8, "WAVE", 4) == 0;
    const bool rifx = std::memcmp(head, "RIFX", 4) == 0 && std::memcmp(head + 8, "WAVE", 4) == 0;
    const bool aiff = std::memcmp(head, "FORM", 4) == 0 &&
                      (std::memcmp(head + 8, "AIFF", 4) == 0 || std::memcmp(head + 8, "AIFC", 4) == 0);
    if (!riff && !rifx && !aiff) return std::nullopt;
    auto u16 = [&](const unsigned char* p) { return riff ? uint32_t(p[0]) | uint32_t(p[1]) << 8 : uint32_t(p[1]) | uint32_t(p[0]) << 8; };
    auto u32 = [&](const unsigned char* p) { return riff ? le32(p) : be32(p); };
    PcmHeader header;
    const int64_t size = fileSize(f.get());
    int64_t at = 12;
    // Bounded: a damaged header must not keep us walking.
    for (int chunk = 0; chunk < 4096 && at + 8 <= size; ++chunk) {
        unsigned char c[26];
        if (readAt(f.get(), at, c, 8) != 8) break;
        const uint32_t bytes = u32(c + 4);
        if (!aiff && std::memcmp(c, "fmt ", 4) == 0 && bytes >= 8 && readAt(f.get(), at + 8, c + 8, 8) == 8) {
            header.channels = int(u16(c + 10));
            header.sampleRate = double(u32(c + 12));
        } else if (aiff && std::memcmp(c, "COMM", 4) == 0 && bytes >= 18 && readAt(f.get(), at + 8, c + 8, 18) == 18) {
            header.channels = int(u16(c + 8));
            // 80-bit IEEE extended: sign and 15-bit exponent, then a 64-bit mantissa with explicit 1.
            const unsigned char* x = c + 16;
            const int exponent = int((x[0] & 0x7F) << 8 | x[1]) - 16383;
            uint64_t mantissa = 0;
            for (int i = 0; i < 8; ++i) mantissa = mantissa << 8 | x[2 + i];
            header.sampleRate = std::ldexp(double(mantissa), exponent - 63);
        } else if (!aiff && std::memcmp(c, "data", 4) == 0) {
            header.dataOffset = at + 8;
            if (bytes < kPlaceholderSize) header.dataBytes = bytes;
            break;
        } else if (aiff && std::memcmp(c, "SSND", 4) == 0) {
            if (bytes < 8 || readAt(f.get(), at + 8, c + 8, 8) != 8) break;
            const uint32_t offset = be32(c + 8);  // SSND: offset and block size precede the samples
            header.dataOffset = at + 16 + offset;
            if (bytes < kPlaceholderSize && offset <= bytes - 8) header.dataBytes = int64_t(bytes) - 8 - offset;
            break;
        }
        at += 8 + int64_t(bytes) + (bytes & 1);
    }
    return header;
}

bool mp3HasLengthHeader(const std::string& path) {
    File f = openFile(path);
    if (!f) return false;
    const int64_t start = id3v2Length(f.get());
    std::vector<unsigned char> buf(4096);
    const size_t n = readAt(f.get(), start, buf.data(), buf.size());
    // The tag sits in the first frame, after the 4-byte header and the side information.
    for (size_t i = 0; i + 4 <= n; ++i) {
        if (buf[i] != 0xFF || (buf[i + 1] & 0xE0) != 0xE0) continue;
        const size_t end = std::min(n, i + 200);
        for (size_t j = i + 4; j + 4 <= end; ++j)
            if (std::memcmp(&buf[j], "Xing", 4) == 0 || std::memcmp(&buf[j], "Info", 4) == 0 ||
                std::memcmp(&buf[j], "VBRI", 4) == 0)
                return true;
        return false;
    }
    return false;
}

}  // namespace humanear::audio
