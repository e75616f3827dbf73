// Caps on traffic that costs us work but moves nothing forward (ARCHITECTURE
// §5; after BoringSSL's kMaxEmptyRecords/kMaxKeyUpdates and rustls'
// TrafficTemperCounters). Exceeding one is unexpected_message.
#pragma once

#include <cstddef>

#include "tls/record/record.h"

namespace parley::tls::record {

class DosCounters {
 public:
  // Consecutive zero-length application_data records (§5.1 allows them).
  static constexpr size_t kMaxEmptyRecords = 32;
  // change_cipher_spec records over the whole connection: §D.4 has each
  // side send one at most, HelloRetryRequest or not ("either immediately
  // after its first ClientHello or immediately before its second flight").
  static constexpr size_t kMaxChangeCipherSpecs = 1;
  // KeyUpdates received without application data in between (§4.6.3).
  static constexpr size_t kMaxKeyUpdates = 32;
  // Warning alerts (user_canceled, the only one §6 leaves non-fatal) with no
  // other record in between: each costs a decryption and moves nothing.
  static constexpr size_t kMaxWarningAlerts = 4;

  // Every record the Deframer yields.
  Result<void> on_record(const Record& r);
  // Every KeyUpdate message received.
  Result<void> on_key_update();
  // Every warning alert received.
  Result<void> on_warning_alert();

 private:
  size_t empty_records_ = 0;
  size_t change_cipher_specs_ = 0;
  size_t key_updates_ = 0;
  size_t warning_alerts_ = 0;
};

}  // namespace parley::tls::record
