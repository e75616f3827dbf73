// Walks arbitrary bytes as DER with the strict Parser and every value decoder,
// then checks that whatever parsed re-encodes byte for byte with the Builder
// (DER is canonical: an accepted encoding has exactly one form).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "der/builder.h"
#include "der/oid.h"
#include "der/parser.h"
#include "der/strings.h"
#include "der/time.h"

namespace {

using namespace parley::der;

constexpr int kMaxDepth = 32;

void check(bool ok) {
  if (!ok) std::abort();
}

void decode_value(const Element& e) {
  const Tag t = e.tag;
  if (t == kBoolean) {
    (void)parse_boolean(e.value);
  } else if (t == kInteger || t == kEnumerated) {
    if (parse_integer(e.value)) {
      (void)is_negative(e.value);
      if (auto v = parse_uint64(e.value); v && *v <= INT64_MAX) {
        Builder b;
        b.integer(static_cast<int64_t>(*v));
        auto der = std::move(b).finish();
        check(der && der->size() == e.value.size() + 2 && equal(Input(*der).subspan(2), e.value));
      }
    }
  } else if (t == kNull) {
    (void)parse_null(e.value);
  } else if (t == kBitString) {
    if (auto bs = parse_bit_string(e.value)) {
      for (size_t i = 0; i < bs->bit_count() && i < 64; ++i) (void)bs->bit(i);
    }
  } else if (t == kOid) {
    if (auto dotted = oid_to_string(e.value)) {
      (void)oid_name(e.value);
      // Arcs that fit in 64 bits must survive text and back.
      if (auto again = oid_from_string(*dotted)) check(equal(*again, e.value));
    }
  } else if (t == kUtcTime || t == kGeneralizedTime) {
    if (auto secs = parse_time(t, e.value)) {
      (void)format_rfc3339(*secs);
      auto text = t == kUtcTime ? encode_utc_time(*secs) : encode_generalized_time(*secs);
      check(text && std::string_view(reinterpret_cast<const char*>(e.value.data()), e.value.size()) == *text);
    }
  } else if (t == kOctetString) {
    // Extension values hold DER: try it.
    Parser inner(e.value);
    while (inner.has_more() && inner.read_element()) {
    }
  } else {
    if (auto s = string_to_utf8(t, e.value)) check(is_valid_utf8(*s));
  }
}

// Parses everything in p, re-encoding into b; false when anything is rejected.
bool walk(Parser p, Builder& b, int depth) {
  while (p.has_more()) {
    auto e = p.read_element();
    if (!e) return false;
    check(e->raw.size() >= e->value.size() + 2);
    decode_value(*e);
    if (e->tag.constructed()) {
      if (depth >= kMaxDepth) return false;
      auto scope = b.constructed(e->tag);
      if (!walk(Parser(e->value), b, depth + 1)) return false;
    } else {
      b.implicit(e->tag, e->value);
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Input in(data, size);
  Builder b;
  if (walk(Parser(in), b, 0)) {
    auto out = std::move(b).finish();
    check(out.has_value() && equal(*out, in));
  }
  return 0;
}
