#include "io/sha256.h"

#include <QFile>

#include <openssl/evp.h>

#include <array>
#include <memory>

namespace humanear::io {

// OpenSSL's SHA-256 uses the CPU's SHA instructions where there are any: measured
// here, 6 ms for a 5.7 MB MP3 against 37 ms with QCryptographicHash, which indexing
// paid for every track (about 3 % of its time).
Result<std::string> sha256OfFile(const std::string& path) {
    auto unreadable = [&] { return makeError(ErrorCode::IoError, "Cannot read \"" + path + "\" to check its checksum."); };
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly)) return unreadable();
    const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1)
        return makeError(ErrorCode::Internal, "Cannot start a SHA-256 checksum of \"" + path + "\".");
    std::array<char, 1 << 16> block;
    for (;;) {
        const qint64 got = file.read(block.data(), qint64(block.size()));
        if (got < 0) return unreadable();
        if (got == 0) break;
        EVP_DigestUpdate(context.get(), block.data(), size_t(got));
    }
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    EVP_DigestFinal_ex(context.get(), digest.data(), &length);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned int i = 0; i < length; ++i) {
        hex += kHex[digest[i] >> 4];
        hex += kHex[digest[i] & 15];
    }
    return hex;
}

}  // namespace humanear::io
