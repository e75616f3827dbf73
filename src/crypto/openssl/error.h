// Turning libcrypto failures into parley errors: every failure path goes
// through here so the OpenSSL error queue is always left empty.
#pragma once

#include "parley/error.h"

namespace parley::crypto::ossl {

// err::crypto(what) with the most recent OpenSSL error as detail (if any);
// clears the OpenSSL error queue.
Unexpected crypto_error(const char* what);
// The same with err::internal: a resource failure or a bug, not bad input.
Unexpected internal_error(const char* what);
// Empties the OpenSSL error queue (after a failure that is reported otherwise).
void clear_errors();

}  // namespace parley::crypto::ossl
