// The CRLs `parley ca serve` hands out: signed once, handed out again until
// they change or age, sans I/O.
//
// A CA's CRL is signed again when the ledger's revocations for that issuer
// differ from those in the CRL (read at every request: several servers may
// share one ledger, and a revocation made by `parley ca revoke` in another
// process shows at the next fetch), or when half of its validity has passed,
// so a relying party never holds one past its nextUpdate for long.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "ca/authority.h"

namespace parley::ca {

class CrlPublisher {
 public:
  // ca must be unlocked and outlive the publisher; validity is nextUpdate - thisUpdate.
  CrlPublisher(Authority& ca, int64_t validity) : ca_(&ca), validity_(validity) {}

  // The current CRL (DER) of "intermediate" or "root" (root: when its key is unlocked).
  Result<std::vector<uint8_t>> current(std::string_view issuer);
  // How many times a CRL was signed (tests, the log).
  uint64_t signed_count() const { return signed_; }

 private:
  struct Published {
    std::string revocations;  // what the CRL lists, as compared with the ledger
    int64_t this_update = 0;
    std::vector<uint8_t> der;
  };
  Authority* ca_;
  int64_t validity_;
  std::map<std::string, Published, std::less<>> published_;
  uint64_t signed_ = 0;
};

}  // namespace parley::ca
