#include "tls/record/dos_counters.h"

namespace parley::tls::record {

Result<void> DosCounters::on_record(const Record& r) {
  if (r.type != ContentType::alert) warning_alerts_ = 0;
  if (r.type == ContentType::change_cipher_spec) {
    if (++change_cipher_specs_ > kMaxChangeCipherSpecs) return unexpected_message("record: too many change_cipher_spec");
    return {};
  }
  if (r.type == ContentType::application_data) {
    if (r.fragment.empty()) {
      if (++empty_records_ > kMaxEmptyRecords) return unexpected_message("record: too many empty records");
      return {};
    }
    key_updates_ = 0;  // progress: the peer sent data since its KeyUpdates
  }
  empty_records_ = 0;
  return {};
}

Result<void> DosCounters::on_key_update() {
  if (++key_updates_ > kMaxKeyUpdates) return unexpected_message("record: too many KeyUpdates without data");
  return {};
}

Result<void> DosCounters::on_warning_alert() {
  if (++warning_alerts_ > kMaxWarningAlerts) return unexpected_message("record: too many warning alerts");
  return {};
}

}  // namespace parley::tls::record
