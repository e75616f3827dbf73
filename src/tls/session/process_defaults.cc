#include "tls/session/process_defaults.h"

#include <map>
#include <mutex>

namespace parley::tls::session {

std::shared_ptr<const TicketKeys> process_ticket_keys(const crypto::Provider& provider) {
  static std::mutex mutex;
  static std::map<const crypto::Provider*, std::shared_ptr<const TicketKeys>> keys;
  std::lock_guard lock(mutex);
  auto& k = keys[&provider];
  if (!k) k = TicketKeys::generate(provider);
  return k;
}

std::shared_ptr<ReplayRegister> process_replay_register() {
  static const std::shared_ptr<ReplayRegister> shared = memory_replay_register();
  return shared;
}

}  // namespace parley::tls::session
