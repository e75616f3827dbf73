#include "trace/key_schedule.h"

#include <fmt/core.h>

namespace parley::trace {
namespace {

struct Step {
  const char* id;
  const char* name;
  std::vector<const char*> from;
  const char* how;
  const char* use;
  const char* keylog;  // its SSLKEYLOGFILE label, or empty
  int stage;           // 0: always, 1: handshake, 2: application
};

// §7.1's figure, top to bottom.
const std::vector<Step>& steps() {
  static const std::vector<Step> kSteps = {
      {"psk", "PSK", {}, "the resumption secret of an earlier session, or zeros without one", "", "", 0},
      {"early_secret", "Early Secret", {"psk"}, "HKDF-Extract(salt 0, PSK)", "binder and 0-RTT keys", "", 0},
      {"client_early", "client_early_traffic_secret", {"early_secret"},
       "Derive-Secret(Early Secret, \"c e traffic\", ClientHello)", "0-RTT data", "CLIENT_EARLY_TRAFFIC_SECRET", 0},
      {"ecdhe", "(EC)DHE shared secret", {}, "from the two key shares (key_share)", "", "", 1},
      {"handshake_secret", "Handshake Secret", {"early_secret", "ecdhe"},
       "HKDF-Extract(Derive-Secret(Early Secret, \"derived\", \"\"), (EC)DHE)", "", "", 1},
      {"client_hs", "client_handshake_traffic_secret", {"handshake_secret"},
       "Derive-Secret(Handshake Secret, \"c hs traffic\", ClientHello…ServerHello)",
       "client-write handshake keys (HKDF-Expand-Label \"key\", \"iv\"); the client's Finished key",
       "CLIENT_HANDSHAKE_TRAFFIC_SECRET", 1},
      {"server_hs", "server_handshake_traffic_secret", {"handshake_secret"},
       "Derive-Secret(Handshake Secret, \"s hs traffic\", ClientHello…ServerHello)",
       "server-write handshake keys: EncryptedExtensions to Finished; the server's Finished key",
       "SERVER_HANDSHAKE_TRAFFIC_SECRET", 1},
      {"master_secret", "Master Secret", {"handshake_secret"},
       "HKDF-Extract(Derive-Secret(Handshake Secret, \"derived\", \"\"), 0)", "", "", 2},
      {"client_ap", "client_application_traffic_secret_0", {"master_secret"},
       "Derive-Secret(Master Secret, \"c ap traffic\", ClientHello…server Finished)", "client-write application keys",
       "CLIENT_TRAFFIC_SECRET_0", 2},
      {"server_ap", "server_application_traffic_secret_0", {"master_secret"},
       "Derive-Secret(Master Secret, \"s ap traffic\", ClientHello…server Finished)", "server-write application keys",
       "SERVER_TRAFFIC_SECRET_0", 2},
      {"exporter", "exporter_master_secret", {"master_secret"},
       "Derive-Secret(Master Secret, \"exp master\", ClientHello…server Finished)", "keying material for the "
       "application (RFC 5705 exporters)", "EXPORTER_SECRET", 2},
      {"resumption", "resumption_master_secret", {"master_secret"},
       "Derive-Secret(Master Secret, \"res master\", ClientHello…client Finished)",
       "the PSK of each NewSessionTicket (HKDF-Expand-Label \"resumption\", ticket_nonce)", "", 2},
  };
  return kSteps;
}

}  // namespace

nlohmann::json key_schedule_json(const ScheduleReached& reached, const std::map<std::string, std::string>& secrets) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& s : steps()) {
    bool on = s.stage == 0 || (s.stage == 1 && reached.handshake) || (s.stage == 2 && reached.application);
    if (std::string_view(s.id) == "client_early") on = secrets.contains(s.keylog);
    nlohmann::json j{{"id", s.id}, {"name", s.name}, {"from", s.from}, {"how", s.how}, {"use", s.use},
                     {"section", "7.1"}, {"reached", on}};
    if (std::string_view(s.id) == "psk") j["how"] = reached.psk ? "the resumption secret of an earlier session (a "
                                                                  "ticket the server accepted)"
                                                                : "zeros: no session is resumed";
    if (auto it = secrets.find(s.keylog); *s.keylog != '\0' && it != secrets.end()) j["secret"] = it->second;
    out.push_back(std::move(j));
  }
  if (reached.key_updates > 0) {
    out.push_back({{"id", "key_update"},
                   {"name", "application_traffic_secret_N+1"},
                   {"from", {"client_ap", "server_ap"}},
                   {"how", "HKDF-Expand-Label(application_traffic_secret_N, \"traffic upd\", \"\", Hash.length)"},
                   {"use", fmt::format("new write keys after each KeyUpdate ({} here)", reached.key_updates)},
                   {"section", "7.2"},
                   {"reached", true}});
  }
  return out;
}

}  // namespace parley::trace
