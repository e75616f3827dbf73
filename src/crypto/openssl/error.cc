#include "crypto/openssl/error.h"

#include <openssl/err.h>

#include <string>

namespace parley::crypto::ossl {
namespace {

std::string take_detail() {
  unsigned long code = ERR_peek_last_error();
  std::string detail;
  if (code != 0) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    detail = buf;
  }
  ERR_clear_error();
  return detail;
}

}  // namespace

Unexpected crypto_error(const char* what) { return err::crypto(what, take_detail()); }

Unexpected internal_error(const char* what) { return err::internal(what, take_detail()); }

void clear_errors() { ERR_clear_error(); }

}  // namespace parley::crypto::ossl
