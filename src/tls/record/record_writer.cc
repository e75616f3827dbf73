#include "tls/record/record_writer.h"

#include <algorithm>
#include <cstring>

namespace parley::tls::record {

size_t records_size(size_t plaintext_len, const RecordProtection* protection, WriteOptions options) {
  const size_t frag = std::clamp<size_t>(options.max_fragment, 1, kMaxPlaintext);
  size_t total = 0;
  for (size_t done = 0; done < plaintext_len;) {
    const size_t n = std::min(frag, plaintext_len - done);
    total += protection ? protection->sealed_size(n) : kHeaderLen + n;
    done += n;
  }
  return total;
}

Result<void> write_records(ContentType type, crypto::ByteView plaintext, RecordProtection* protection, IoBuffer& out,
                           WriteOptions options) {
  if (options.max_fragment == 0 || options.max_fragment > kMaxPlaintext) {
    return err::api("record: max_fragment must be 1..2^14");
  }
  const size_t held = out.size();
  std::span<uint8_t> dst = out.grow(records_size(plaintext.size(), protection, options));
  for (size_t done = 0; done < plaintext.size();) {
    const size_t n = std::min(options.max_fragment, plaintext.size() - done);
    const crypto::ByteView frag = plaintext.subspan(done, n);
    if (protection) {
      auto written = protection->seal(type, frag, dst);
      if (!written) {
        out.truncate(held);
        return Unexpected(std::move(written).error());
      }
      dst = dst.subspan(*written);
    } else {
      dst[0] = static_cast<uint8_t>(type);
      dst[1] = static_cast<uint8_t>(options.legacy_version >> 8);
      dst[2] = static_cast<uint8_t>(options.legacy_version & 0xff);
      dst[3] = static_cast<uint8_t>(n >> 8);
      dst[4] = static_cast<uint8_t>(n & 0xff);
      std::memcpy(dst.data() + kHeaderLen, frag.data(), n);
      dst = dst.subspan(kHeaderLen + n);
    }
    done += n;
  }
  return {};
}

}  // namespace parley::tls::record
