// What a ServerConfig that names no ticket keys or replay register uses: one
// of each per process, made on first use, so that every connection of every
// such config resumes the others' tickets. Default ticket keys exist only for
// the process-wide OpenSSL provider (nullptr for any other: no tickets).
#pragma once

#include <memory>

#include "parley/session.h"

namespace parley::tls::session {

std::shared_ptr<const TicketKeys> process_ticket_keys(const crypto::Provider& provider);
std::shared_ptr<ReplayRegister> process_replay_register();

}  // namespace parley::tls::session
