#include "tls/session/process_defaults.h"

namespace parley::tls::session {

// Only the process-wide OpenSSL provider lives as long as the process: keys
// made for any other provider (a test's deterministic one, an embedder's
// own) would outlive it and seal with a dangling RNG and AEAD. Such a config
// names its keys (ServerConfig::ticket_keys) or issues no tickets.
std::shared_ptr<const TicketKeys> process_ticket_keys(const crypto::Provider& provider) {
  if (&provider != &crypto::openssl_provider()) return nullptr;
  static const std::shared_ptr<const TicketKeys> keys = TicketKeys::generate(provider);
  return keys;
}

std::shared_ptr<ReplayRegister> process_replay_register() {
  static const std::shared_ptr<ReplayRegister> shared = memory_replay_register();
  return shared;
}

}  // namespace parley::tls::session
