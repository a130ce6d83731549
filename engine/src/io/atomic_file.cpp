#include "io/atomic_file.h"

#include "io/byte_order.h"

#include <atomic>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace humanear::index {

namespace {

const char kMagic[8] = {'H', 'E', 'A', 'R', 'C', 'H', 'K', '1'};
constexpr uint32_t kFormatVersion = 1;

struct CrcTable {
    uint32_t t[8][256];
    CrcTable() {
        for (uint32_t i = 0; i < 256; ++i) {
            uint32_t c = i;
            for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[0][i] = c;
        }
        for (uint32_t i = 0; i < 256; ++i)
            for (int s = 1; s < 8; ++s) t[s][i] = (t[s - 1][i] >> 8) ^ t[0][t[s - 1][i] & 0xFF];
    }
};
const CrcTable& crcTable() {
    static const CrcTable table;
    return table;
}

ErrorCode codeForErrno(int err) {
    switch (err) {
    case ENOENT:
    case ENOTDIR: return ErrorCode::FileNotFound;
    case EACCES:
    case EPERM:
    case EROFS: return ErrorCode::PermissionDenied;
    default: return ErrorCode::IoError;
    }
}

Error sysError(const std::string& what, const std::string& path, int err) {
    return makeError(codeForErrno(err), "Could not " + what + " " + path + ": " + std::strerror(err) + ".");
}

std::string directoryOf(const std::string& path) {
    const auto slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

Status fsyncDirectory(const std::string& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return sysError("open the directory", dir, errno);
    const int rc = ::fsync(fd);
    const int err = errno;
    ::close(fd);
    // Some file systems refuse fsync on directories; the rename is still done.
    if (rc != 0 && err != EINVAL && err != ENOTSUP) return sysError("flush the directory", dir, err);
    return {};
}

Status writeAll(int fd, const void* data, size_t size, const std::string& path) {
    const auto* p = static_cast<const uint8_t*>(data);
    while (size > 0) {
        const ssize_t n = ::write(fd, p, size);
        if (n < 0) {
            if (errno == EINTR) continue;
            return sysError("write", path, errno);
        }
        p += n;
        size -= size_t(n);
    }
    return {};
}

void put32(uint8_t* p, uint32_t v) { io::storeLittleEndian(p, v, 4); }
void put64(uint8_t* p, uint64_t v) { io::storeLittleEndian(p, v, 8); }
uint32_t get32(const uint8_t* p) { return io::loadU32(p); }
uint64_t get64(const uint8_t* p) { return io::loadU64(p); }

void makeHeader(uint8_t* h, uint32_t tag, uint64_t size, uint32_t crc) {
    std::memcpy(h, kMagic, 8);
    put32(h + 8, kFormatVersion);
    put32(h + 12, tag);
    put64(h + 16, size);
    put32(h + 24, crc);
    put32(h + 28, crc32(h, 28));
}

std::string tagName(uint32_t tag) {
    std::string s;
    for (int i = 0; i < 4; ++i) {
        const char c = char(tag >> (8 * i));
        s += (c >= 32 && c < 127) ? c : '?';
    }
    return s;
}

std::atomic<unsigned> tempCounter{0};

}  // namespace

uint32_t crc32(const void* data, size_t size, uint32_t previous) {
    const auto& t = crcTable().t;
    const auto* p = static_cast<const uint8_t*>(data);
    uint32_t c = ~previous;
    while (size >= 8) {
        const uint32_t a = c ^ (uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24);
        c = t[7][a & 0xFF] ^ t[6][(a >> 8) & 0xFF] ^ t[5][(a >> 16) & 0xFF] ^ t[4][a >> 24] ^ t[3][p[4]] ^
            t[2][p[5]] ^ t[1][p[6]] ^ t[0][p[7]];
        p += 8;
        size -= 8;
    }
    while (size--) c = t[0][(c ^ *p++) & 0xFF] ^ (c >> 8);
    return ~c;
}

// ---- AtomicFileWriter ----------------------------------------------------

struct AtomicFileWriter::Impl {
    std::string path;
    std::string temp;
    int fd = -1;
    bool failed = false;

    ~Impl() { discard(); }
    void discard() {
        if (fd >= 0) {
            ::close(fd);
            fd = -1;
            ::unlink(temp.c_str());
        }
    }
};

AtomicFileWriter::AtomicFileWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AtomicFileWriter::AtomicFileWriter(AtomicFileWriter&&) noexcept = default;
AtomicFileWriter& AtomicFileWriter::operator=(AtomicFileWriter&&) noexcept = default;
AtomicFileWriter::~AtomicFileWriter() = default;

Result<AtomicFileWriter> AtomicFileWriter::begin(const std::string& path) {
    if (path.empty()) return makeError(ErrorCode::InvalidArgument, "No file name was given to write.");
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    impl->temp = path + ".tmp-" + std::to_string(::getpid()) + "." + std::to_string(tempCounter++);
    impl->fd = ::open(impl->temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (impl->fd < 0) return sysError("create the temporary file for", path, errno);
    return AtomicFileWriter(std::move(impl));
}

Status AtomicFileWriter::write(const void* data, size_t size) {
    if (!impl_ || impl_->fd < 0) return makeError(ErrorCode::Internal, "The file writer is no longer open.");
    auto s = writeAll(impl_->fd, data, size, impl_->temp);
    if (!s) impl_->failed = true;
    return s;
}

Status AtomicFileWriter::writeAt(uint64_t offset, const void* data, size_t size) {
    if (!impl_ || impl_->fd < 0) return makeError(ErrorCode::Internal, "The file writer is no longer open.");
    const auto* p = static_cast<const uint8_t*>(data);
    while (size > 0) {
        const ssize_t n = ::pwrite(impl_->fd, p, size, off_t(offset));
        if (n < 0) {
            if (errno == EINTR) continue;
            impl_->failed = true;
            return sysError("write", impl_->temp, errno);
        }
        p += n;
        size -= size_t(n);
        offset += uint64_t(n);
    }
    return {};
}

Status AtomicFileWriter::commit() {
    if (!impl_ || impl_->fd < 0) return makeError(ErrorCode::Internal, "The file writer is no longer open.");
    if (impl_->failed) {
        impl_->discard();
        return makeError(ErrorCode::IoError, "An earlier write to " + impl_->path + " failed; nothing was replaced.");
    }
    if (::fsync(impl_->fd) != 0) {
        const int err = errno;
        impl_->discard();
        return sysError("flush", impl_->temp, err);
    }
    if (::close(impl_->fd) != 0) {
        const int err = errno;
        impl_->fd = -1;
        ::unlink(impl_->temp.c_str());
        return sysError("close", impl_->temp, err);
    }
    impl_->fd = -1;
    if (::rename(impl_->temp.c_str(), impl_->path.c_str()) != 0) {
        const int err = errno;
        ::unlink(impl_->temp.c_str());
        return sysError("rename the new file over", impl_->path, err);
    }
    return fsyncDirectory(directoryOf(impl_->path));
}

void AtomicFileWriter::abort() {
    if (impl_) impl_->discard();
}

const std::string& AtomicFileWriter::path() const { return impl_->path; }
const std::string& AtomicFileWriter::tempPath() const { return impl_->temp; }

Status writeFileAtomically(const std::string& path, const void* data, size_t size) {
    auto w = AtomicFileWriter::begin(path);
    if (!w) return w.status();
    if (auto s = w->write(data, size); !s) return s;
    return w->commit();
}

Status writeFileAtomically(const std::string& path, const std::vector<uint8_t>& bytes) {
    return writeFileAtomically(path, bytes.data(), bytes.size());
}

// ---- checked files -------------------------------------------------------

CheckedFileWriter::CheckedFileWriter(AtomicFileWriter file, uint32_t tag) : file_(std::move(file)), tag_(tag) {}

Result<CheckedFileWriter> CheckedFileWriter::begin(const std::string& path, uint32_t tag) {
    auto w = AtomicFileWriter::begin(path);
    if (!w) return w.error();
    uint8_t placeholder[kCheckedHeaderSize] = {};
    if (auto s = w->write(placeholder, sizeof placeholder); !s) return s.error();
    return CheckedFileWriter(std::move(w).value(), tag);
}

Status CheckedFileWriter::write(const void* data, size_t size) {
    crc_ = crc32(data, size, crc_);
    size_ += size;
    return file_.write(data, size);
}

Status CheckedFileWriter::commit() {
    uint8_t header[kCheckedHeaderSize];
    makeHeader(header, tag_, size_, crc_);
    if (auto s = file_.writeAt(0, header, sizeof header); !s) {
        file_.abort();
        return s;
    }
    return file_.commit();
}

void CheckedFileWriter::abort() { file_.abort(); }

Status writeChecked(const std::string& path, uint32_t tag, const void* payload, size_t size) {
    uint8_t header[kCheckedHeaderSize];
    makeHeader(header, tag, size, crc32(payload, size));
    auto w = AtomicFileWriter::begin(path);
    if (!w) return w.status();
    if (auto s = w->write(header, sizeof header); !s) return s;
    if (auto s = w->write(payload, size); !s) return s;
    return w->commit();
}

Status writeChecked(const std::string& path, uint32_t tag, const std::vector<uint8_t>& payload) {
    return writeChecked(path, tag, payload.data(), payload.size());
}

Result<std::vector<uint8_t>> readWholeFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return sysError("open", path, errno);
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        ::close(fd);
        return sysError("inspect", path, err);
    }
    if (S_ISDIR(st.st_mode)) {
        ::close(fd);
        return makeError(ErrorCode::InvalidArgument, path + " is a directory, not a file.");
    }
    std::vector<uint8_t> bytes;
    try {
        bytes.reserve(size_t(st.st_size));
    } catch (const std::exception&) {
        ::close(fd);
        return makeError(ErrorCode::IoError, "Not enough memory to read " + path + ".");
    }
    uint8_t buffer[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0) {
            if (errno == EINTR) continue;
            const int err = errno;
            ::close(fd);
            return sysError("read", path, err);
        }
        if (n == 0) break;
        bytes.insert(bytes.end(), buffer, buffer + n);
    }
    ::close(fd);
    return bytes;
}

Result<std::vector<uint8_t>> readChecked(const std::string& path, uint32_t expectedTag) {
    auto read = readWholeFile(path);
    if (!read) return read.error();
    std::vector<uint8_t>& bytes = read.value();
    if (bytes.size() < kCheckedHeaderSize) {
        if (bytes.empty()) return makeError(ErrorCode::Truncated, path + " is empty; it was not written completely.");
        return makeError(ErrorCode::Truncated, path + " is cut short: it ends inside its header.");
    }
    const uint8_t* h = bytes.data();
    if (std::memcmp(h, kMagic, 8) != 0)
        return makeError(ErrorCode::DataCorrupt, path + " is not a HumanEar data file, or its header is damaged.");
    if (crc32(h, 28) != get32(h + 28))
        return makeError(ErrorCode::DataCorrupt, path + " is damaged: its header checksum does not match.");
    const uint32_t version = get32(h + 8);
    if (version != kFormatVersion)
        return makeError(ErrorCode::DataCorrupt, path + " uses file format version " + std::to_string(version) +
                                                      ", which this version of HumanEar cannot read.");
    const uint32_t tag = get32(h + 12);
    if (expectedTag != 0 && tag != expectedTag)
        return makeError(ErrorCode::InvalidArgument, path + " holds '" + tagName(tag) + "' data, not the expected '" +
                                                         tagName(expectedTag) + "'.");
    const uint64_t size = get64(h + 16);
    const uint64_t have = bytes.size() - kCheckedHeaderSize;
    if (have < size)
        return makeError(ErrorCode::Truncated, path + " is cut short: it holds " + std::to_string(have) + " of " +
                                                   std::to_string(size) + " bytes.");
    if (have > size)
        return makeError(ErrorCode::DataCorrupt,
                         path + " is damaged: it has " + std::to_string(have - size) + " unexpected trailing bytes.");
    if (crc32(h + kCheckedHeaderSize, size_t(size)) != get32(h + 24))
        return makeError(ErrorCode::DataCorrupt, path + " is damaged: its checksum does not match its contents.");
    bytes.erase(bytes.begin(), bytes.begin() + kCheckedHeaderSize);
    return std::move(read).value();
}

}  // namespace humanear::index
