// The test hooks on a Connection (ConnectionInternals, declared in
// tls/connection.h): in parley_tls_testing, linked by the tests only, so the
// installed libparley_tls.a carries none of them.
#include <utility>

#include "tls/connection.h"
#include "tls/connection_impl.h"

namespace parley::tls {

Result<Connection> ConnectionInternals::unstarted_client(std::shared_ptr<const ClientConfig> config,
                                                         ServerName server, std::span<const uint8_t> early_data) {
  return Connection::Impl::unstarted_client(std::move(config), std::move(server), early_data);
}
Result<void> ConnectionInternals::start(Connection& c) { return c.impl_->start_client(); }
void ConnectionInternals::set_tamper(Connection& c, handshake::OutgoingTamper hook) {
  c.impl_->ctx.test_hooks().tamper = std::move(hook);
}
void ConnectionInternals::set_one_message_per_record(Connection& c, bool on) {
  c.impl_->ctx.test_hooks().one_message_per_record = on;
}
void ConnectionInternals::set_extensions_override(Connection& c, handshake::ExtensionsOverride hook) {
  c.impl_->ctx.test_hooks().extensions_override = std::move(hook);
}
void ConnectionInternals::set_client_hello_edit(Connection& c, handshake::ClientHelloEdit hook) {
  c.impl_->ctx.test_hooks().client_hello_edit = std::move(hook);
}
Result<void> ConnectionInternals::send_post_handshake_message(Connection& c, std::span<const uint8_t> message) {
  auto& m = *c.impl_;
  if (!m.traffic()) return err::api("send_post_handshake_message before the handshake is done");
  return record::write_records(wire::ContentType::handshake, message, &*m.write, m.out);
}
Result<void> ConnectionInternals::send_record(Connection& c, wire::ContentType type, std::span<const uint8_t> content) {
  auto& m = *c.impl_;
  if (!m.traffic()) return err::api("send_record before the handshake is done");
  if (content.size() > record::kMaxPlaintext) return err::api("send_record: content above 2^14 bytes");
  const size_t held = m.out.size();
  auto n = m.write->seal(type, content, m.out.grow(m.write->sealed_size(content.size())));
  if (!n) {
    m.out.truncate(held);
    return Unexpected(std::move(n).error());
  }
  return {};
}
Result<void> ConnectionInternals::set_write_usage_limits(Connection& c, record::UsageLimits limits) {
  auto* t = c.impl_->traffic();
  if (!t) return err::api("set_write_usage_limits before the handshake is done");
  const auto keys = PARLEY_TRY(t->secrets.write.keys());
  c.impl_->write = PARLEY_TRY(record::RecordProtection::create(*t->secrets.write.suite().aead, keys.key.view(),
                                                               keys.iv.view(), limits));
  return {};
}

}  // namespace parley::tls
