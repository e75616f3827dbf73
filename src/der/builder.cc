#include "der/builder.h"

#include <algorithm>
#include <utility>

#include "base/secret.h"
#include "der/oid.h"
#include "der/strings.h"
#include "der/time.h"

namespace parley::der {
namespace {

Input bytes_of(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

// Length octets for len (X.690 §10.1: definite, minimal), in out; returns the count.
size_t encode_length(size_t len, uint8_t out[5]) {
  if (len < 0x80) {
    out[0] = static_cast<uint8_t>(len);
    return 1;
  }
  size_t n = 0;
  for (size_t v = len; v != 0; v >>= 8) ++n;
  out[0] = static_cast<uint8_t>(0x80 | n);
  for (size_t i = 0; i < n; ++i) out[1 + i] = static_cast<uint8_t>(len >> (8 * (n - 1 - i)));
  return 1 + n;
}

constexpr size_t kMaxLength = 0xFFFFFFFF;  // four length octets, as the Parser accepts

}  // namespace

Builder::~Builder() { secure_wipe(out_.data(), out_.size()); }

void Builder::fail(Unexpected e) {
  if (!error_) error_ = std::move(e).error();
}

bool Builder::check_tag(Tag tag) {
  if (tag.number() == 31) {
    fail("DER builder: high tag numbers not supported");
    return false;
  }
  return true;
}

void Builder::reserve_more(size_t n) {
  if (out_.capacity() - out_.size() >= n) return;
  std::vector<uint8_t> bigger;
  bigger.reserve(std::max({out_.capacity() * 2, out_.size() + n, size_t{256}}));
  bigger.assign(out_.begin(), out_.end());
  secure_wipe(out_.data(), out_.size());
  out_.swap(bigger);
}

void Builder::put(uint8_t b) {
  reserve_more(1);
  out_.push_back(b);
}

void Builder::put(Input bytes) {
  reserve_more(bytes.size());
  out_.insert(out_.end(), bytes.begin(), bytes.end());
}

void Builder::put_length(size_t len) {
  if (len > kMaxLength) {
    fail("DER builder: element longer than 2^32-1 bytes");
    return;
  }
  uint8_t buf[5];
  put(Input(buf, encode_length(len, buf)));
}

void Builder::implicit(Tag tag, Input value) {
  if (!check_tag(tag)) return;
  put(tag.octet);
  put_length(value.size());
  put(value);
}

Builder::Scope Builder::open(Tag tag) {
  check_tag(tag);
  put(tag.octet);
  const size_t at = out_.size();
  put(0);  // the length, patched (and widened if needed) when the scope closes
  open_.push_back(at);
  return Scope(this, at, open_.size() - 1);
}

Builder::Scope Builder::constructed(Tag tag) {
  if (!tag.constructed()) fail("DER builder: constructed() needs a constructed tag");
  return open(tag);
}

Builder::Scope Builder::octet_string_scope() { return open(kOctetString); }

Builder::Scope Builder::bit_string_scope() {
  Scope s = open(kBitString);
  put(0);  // no unused bits
  return s;
}

void Builder::Scope::close() {
  if (b_ == nullptr) return;
  Builder* b = std::exchange(b_, nullptr);
  b->close_scope(*this);
}

void Builder::close_scope(const Scope& s) {
  if (finished_) return;
  if (open_.size() != s.level_ + 1 || open_.back() != s.at_) {
    fail("DER builder: scopes closed out of order");
    return;
  }
  open_.pop_back();
  const size_t len = out_.size() - (s.at_ + 1);
  if (len > kMaxLength) {
    fail("DER builder: element longer than 2^32-1 bytes");
    return;
  }
  uint8_t buf[5];
  const size_t n = encode_length(len, buf);
  reserve_more(n - 1);  // so that the insert cannot reallocate and leave a copy behind
  out_[s.at_] = buf[0];
  out_.insert(out_.begin() + static_cast<std::ptrdiff_t>(s.at_ + 1), buf + 1, buf + n);
}

void Builder::boolean(bool v) {
  const uint8_t value = v ? 0xFF : 0x00;
  implicit(kBoolean, Input(&value, 1));
}

void Builder::put_integer(Tag tag, int64_t v) {
  uint8_t buf[8];
  for (size_t i = 0; i < 8; ++i) buf[i] = static_cast<uint8_t>(static_cast<uint64_t>(v) >> (56 - 8 * i));
  // X.690 §8.3.2: drop octets while the first nine bits are all equal.
  size_t start = 0;
  while (start < 7 && ((buf[start] == 0x00 && (buf[start + 1] & 0x80) == 0) ||
                       (buf[start] == 0xFF && (buf[start + 1] & 0x80) != 0))) {
    ++start;
  }
  implicit(tag, Input(buf + start, 8 - start));
}

void Builder::integer(int64_t v) { put_integer(kInteger, v); }
void Builder::enumerated(int64_t v) { put_integer(kEnumerated, v); }

void Builder::unsigned_integer(Input big_endian) {
  while (!big_endian.empty() && big_endian[0] == 0) big_endian = big_endian.subspan(1);
  const bool sign_octet = big_endian.empty() || (big_endian[0] & 0x80) != 0;
  put(kInteger.octet);
  put_length(big_endian.size() + (sign_octet ? 1 : 0));
  if (sign_octet) put(0);
  put(big_endian);
}

void Builder::null() { implicit(kNull, {}); }

void Builder::oid(Input encoded) {
  if (auto ok = parse_oid(encoded); !ok) return fail(Unexpected(std::move(ok).error()));
  implicit(kOid, encoded);
}

void Builder::bit_string(Input bytes, uint8_t unused_bits) {
  if (unused_bits > 7) return fail("DER builder: BIT STRING unused bits above 7");
  if (bytes.empty() && unused_bits != 0) return fail("DER builder: empty BIT STRING with unused bits");
  if (unused_bits != 0 && (bytes.back() & ((1u << unused_bits) - 1)) != 0) {
    return fail("DER builder: BIT STRING unused bits not zero");
  }
  put(kBitString.octet);
  put_length(bytes.size() + 1);
  put(unused_bits);
  put(bytes);
}

void Builder::octet_string(Input bytes) { implicit(kOctetString, bytes); }

void Builder::utf8_string(std::string_view s) {
  if (!is_valid_utf8(s)) return fail("DER builder: invalid UTF-8 for UTF8String");
  implicit(kUtf8String, bytes_of(s));
}

void Builder::printable_string(std::string_view s) {
  if (!std::ranges::all_of(s, is_printable_char)) return fail("DER builder: invalid character for PrintableString");
  implicit(kPrintableString, bytes_of(s));
}

void Builder::ia5_string(std::string_view s) {
  if (!std::ranges::all_of(s, [](char c) { return static_cast<uint8_t>(c) < 0x80; })) {
    return fail("DER builder: non-ASCII character for IA5String");
  }
  implicit(kIa5String, bytes_of(s));
}

void Builder::utc_time(int64_t unix_seconds) {
  auto text = encode_utc_time(unix_seconds);
  if (!text) return fail(Unexpected(std::move(text).error()));
  implicit(kUtcTime, bytes_of(*text));
}

void Builder::generalized_time(int64_t unix_seconds) {
  auto text = encode_generalized_time(unix_seconds);
  if (!text) return fail(Unexpected(std::move(text).error()));
  implicit(kGeneralizedTime, bytes_of(*text));
}

void Builder::time(int64_t unix_seconds) {
  if (uses_utc_time(unix_seconds)) {
    utc_time(unix_seconds);
  } else {
    generalized_time(unix_seconds);
  }
}

void Builder::raw(Input tlv) {
  Parser p(tlv);
  auto e = p.read_element();
  if (!e) return fail(Unexpected(std::move(e).error()));
  if (p.has_more()) return fail("DER builder: raw() input is more than one element");
  put(tlv);
}

Result<std::vector<uint8_t>> Builder::finish() && {
  if (!open_.empty()) fail("DER builder: finish() with scopes still open");
  finished_ = true;
  if (error_) return Unexpected(*std::move(error_));
  return std::exchange(out_, {});
}

}  // namespace parley::der
