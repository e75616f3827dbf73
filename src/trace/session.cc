#include "trace/session.h"

#include "base/file_io.h"
#include "der/time.h"
#include "trace/html.h"

namespace parley::trace {

// Keeps each secret by its SSLKEYLOGFILE label (RFC 8446 §7.1 names), hex.
class Session::SecretLog final : public KeyLog {
 public:
  SecretLog(std::shared_ptr<std::map<std::string, std::string>> secrets, std::shared_ptr<std::mutex> lock,
            std::shared_ptr<KeyLog> next)
      : secrets_(std::move(secrets)), lock_(std::move(lock)), next_(std::move(next)) {}
  void log(std::string_view label, std::span<const uint8_t> client_random, std::span<const uint8_t> secret) override {
    {
      std::lock_guard guard(*lock_);
      (*secrets_)[std::string(label)] = hex(secret);
    }
    if (next_) next_->log(label, client_random, secret);
  }

 private:
  std::shared_ptr<std::map<std::string, std::string>> secrets_;
  std::shared_ptr<std::mutex> lock_;
  std::shared_ptr<KeyLog> next_;
};

void Session::on_event(const HandshakeEvent& e) {
  events_.push_back(json_(e));
  using Kind = HandshakeEvent::Kind;
  if (e.kind == Kind::handshake_done) done_ = true;
  if (const auto* k = e.get<KeysInstalled>()) {
    if (k->stage == KeysInstalled::Stage::handshake) reached_.handshake = true;
    if (k->stage == KeysInstalled::Stage::application) reached_.application = true;
    if (k->stage == KeysInstalled::Stage::key_update) ++reached_.key_updates;
  } else if (const auto* c = e.get<CertificateCheck>(); c && e.kind == Kind::certificate_rejected && c->report) {
    rejected_ = certificate_finding(*c->report, c->chain, c->peer);
  } else if (const auto* a = e.get<AlertEvent>(); a && !alert_ && a->alert != Alert::close_notify &&
                                                 a->alert != Alert::user_canceled) {
    // §6.2: an error alert ends the connection, even after our side of the
    // handshake completed (a server refusing our certificate answers our Finished).
    alert_ = alert_finding(a->alert, e.kind == Kind::alert_received, info_.role);
  } else if (const auto* m = e.get<MessageEvent>(); m && e.kind == Kind::message_received) {
    // §4.2.11: a ServerHello with pre_shared_key resumes a session.
    for (const auto& f : events_.back()["layout"]) {
      if (f["label"] == "selected_identity") reached_.psk = true;
    }
  }
}

std::shared_ptr<KeyLog> Session::key_log(std::shared_ptr<KeyLog> next) {
  if (!info_.show_secrets) return next;
  return std::make_shared<SecretLog>(secrets_, secrets_lock_, std::move(next));
}

nlohmann::json Session::document() const {
  const bool ok = done_ && !alert_;
  nlohmann::json outcome{{"ok", ok}};
  if (!ok) {
    outcome["error"] = error_.value_or(done_ ? "the peer ended the connection with an alert after our side of the "
                                               "handshake completed"
                                             : "the handshake did not complete");
    nlohmann::json findings = nlohmann::json::array();
    // The certificate's finding explains an alert we sent; an alert from the peer is its own cause.
    if (rejected_) findings.push_back(to_json(*rejected_));
    if (alert_ && !(rejected_ && alert_->id == "handshake.alert_sent")) findings.push_back(to_json(*alert_));
    outcome["findings"] = findings;
  }
  std::map<std::string, std::string> secrets;
  if (info_.show_secrets) {
    std::lock_guard guard(*secrets_lock_);
    secrets = *secrets_;
  }
  return {{"format", "parley-trace"},
          {"version", 1},
          {"role", role_name(info_.role)},
          {"peer", info_.peer},
          {"server_name", info_.server_name},
          {"started", der::format_rfc3339(info_.started)},
          {"secrets_shown", info_.show_secrets},
          {"events", events_},
          {"key_schedule", key_schedule_json(reached_, secrets)},
          {"outcome", outcome}};
}

Result<void> Session::write_page(const std::string& path) const {
  const std::string page = render_html(document());
  return write_file_atomic(path, {reinterpret_cast<const uint8_t*>(page.data()), page.size()},
                           info_.show_secrets ? FileMode::secret : FileMode::public_data);
}

}  // namespace parley::trace
