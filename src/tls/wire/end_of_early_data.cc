// RFC 8446 §4.5 EndOfEarlyData: struct {} EndOfEarlyData.
#include "tls/wire/messages.h"

namespace parley::tls::wire {

Result<EndOfEarlyData> EndOfEarlyData::parse(ByteView body) {
  if (!body.empty()) return err::decode("EndOfEarlyData: the body must be empty");
  return EndOfEarlyData{};
}

}  // namespace parley::tls::wire
