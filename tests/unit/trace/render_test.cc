// The session document and the page it renders: every message drawn with its
// protection, the checks and findings of a rejected chain, HRR and KeyUpdate,
// secrets only when asked, and nothing from the peer left unescaped.
#include <gtest/gtest.h>

#include <string>

#include "trace/html.h"
#include "unit/trace/trace_pair.h"

namespace parley::tracetest {
namespace {

using json = nlohmann::json;

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::vector<json> messages(const json& doc) {
  std::vector<json> out;
  for (const auto& e : doc["events"]) {
    if (e["kind"] == "message_sent" || e["kind"] == "message_received") out.push_back(e);
  }
  return out;
}

const json* find_message(const json& doc, const std::string& name, const std::string& kind) {
  for (const auto& e : doc["events"]) {
    if (e["name"] == name && e["kind"] == kind) return &e;
  }
  return nullptr;
}

TEST(TracePage, draws_every_message_with_the_keys_that_protect_it) {
  const Ca ca = make_ca("Trace Root");
  TracedPair t(ca, ca);
  t.run();
  ASSERT_TRUE(t.pair->client.negotiated());
  const json doc = t.session->document();
  EXPECT_TRUE(doc["outcome"]["ok"]);
  const auto msgs = messages(doc);
  ASSERT_GE(msgs.size(), 7u);
  EXPECT_EQ((*find_message(doc, "ClientHello", "message_sent"))["protection"]["keys"], "none");
  EXPECT_EQ((*find_message(doc, "ServerHello", "message_received"))["protection"]["keys"], "none");
  const json& ee = (*find_message(doc, "EncryptedExtensions", "message_received"))["protection"];
  EXPECT_EQ(ee["keys"], "handshake");
  EXPECT_EQ(ee["secret"], "server-write");
  const json& fin = (*find_message(doc, "Finished", "message_sent"))["protection"];
  EXPECT_EQ(fin["keys"], "handshake");
  EXPECT_EQ(fin["secret"], "client-write");

  const std::string page = trace::render_html(doc);
  EXPECT_EQ(count(page, "<details class=\"msg"), msgs.size());
  EXPECT_EQ(count(page, "<script>"), 1u);
  EXPECT_NE(page.find("default-src 'none'"), std::string::npos);
  EXPECT_EQ(page.find("id=\"failure\""), std::string::npos);
  EXPECT_NE(page.find("Chain to a trusted root"), std::string::npos);
  EXPECT_EQ(page.find("class=\"secret\""), std::string::npos);  // not asked for
}

TEST(TracePage, shows_the_secrets_only_when_asked_with_a_warning) {
  const Ca ca = make_ca("Trace Root");
  TracedPair t(ca, ca, {}, true);
  t.run();
  const json doc = t.session->document();
  size_t with_secret = 0;
  for (const auto& s : doc["key_schedule"]) with_secret += s.contains("secret") ? 1 : 0;
  EXPECT_EQ(with_secret, 5u);  // both handshake and both application traffic secrets, the exporter secret
  const std::string page = trace::render_html(doc);
  EXPECT_NE(page.find("This page contains the connection's secrets"), std::string::npos);
  EXPECT_EQ(count(page, "class=\"secret\""), 5u);
}

TEST(TracePage, key_update_is_drawn_and_the_next_keys_counted) {
  const Ca ca = make_ca("Trace Root");
  TracedPair t(ca, ca);
  t.run();
  ASSERT_TRUE(t.pair->client.key_update(true));
  pump(t.pair->client, t.pair->server);
  const json doc = t.session->document();
  ASSERT_NE(find_message(doc, "KeyUpdate", "message_sent"), nullptr);
  ASSERT_NE(find_message(doc, "KeyUpdate", "message_received"), nullptr);  // the server's answer
  // §4.6.3: our KeyUpdate goes under the old keys; the server's answer comes under its next ones.
  EXPECT_EQ((*find_message(doc, "KeyUpdate", "message_sent"))["protection"]["generation"], 0);
  EXPECT_EQ((*find_message(doc, "KeyUpdate", "message_received"))["protection"]["generation"], 0);
  EXPECT_EQ(doc["key_schedule"].back()["id"], "key_update");
  EXPECT_NE(trace::render_html(doc).find("application keys, client-write"), std::string::npos);
}

TEST(TracePage, hello_retry_request_is_drawn_with_its_fields) {
  const Ca ca = make_ca("Trace Root");
  TracedPair t(ca, ca);
  t.server_config->groups = {crypto::Group::secp384r1};
  t.run();
  const json doc = t.session->document();
  const json* hrr = find_message(doc, "HelloRetryRequest", "message_received");
  ASSERT_NE(hrr, nullptr);
  bool marker = false, group = false;
  for (const auto& f : (*hrr)["layout"]) {
    marker = marker || f["value"] == "the HelloRetryRequest marker";
    group = group || (f["label"] == "selected_group" && f["value"] == "secp384r1");
  }
  EXPECT_TRUE(marker);
  EXPECT_TRUE(group);
  EXPECT_EQ(count(trace::render_html(doc), ">HelloRetryRequest "), 1u);
}

// A rejected chain: the failing check says why, and the failure box gives the finding with its fix.
struct Rejection {
  const char* why;
  bool other_root;
  LeafSpec leaf;
  const char* check;
  const char* finding;
};

TEST(TracePage, a_rejected_chain_marks_its_check_and_states_the_fix) {
  LeafSpec expired;
  expired.not_before = kNow - 10 * 86400;
  expired.not_after = kNow - 86400;
  LeafSpec other_name;
  other_name.sans = {"dns:other.test"};
  const Rejection cases[] = {{"expired", false, expired, "validity", "certificate.expired"},
                             {"wrong name", false, other_name, "name", "certificate.name_mismatch"},
                             {"untrusted issuer", true, {}, "chain", "certificate.incomplete_chain"}};
  const Ca ca = make_ca("Trace Root");
  const Ca other = make_ca("Other Root");
  for (const auto& c : cases) {
    SCOPED_TRACE(c.why);
    TracedPair t(c.other_root ? other : ca, ca, c.leaf);
    t.run();
    ASSERT_FALSE(t.pair->client.negotiated());
    const json doc = t.session->document();
    EXPECT_FALSE(doc["outcome"]["ok"]);
    ASSERT_FALSE(doc["outcome"]["findings"].empty());
    EXPECT_EQ(doc["outcome"]["findings"][0]["id"], c.finding);
    EXPECT_FALSE(doc["outcome"]["findings"][0]["fix"].get<std::string>().empty());
    const json* rejected = nullptr;
    for (const auto& e : doc["events"]) {
      if (e["kind"] == "certificate_rejected") rejected = &e;
    }
    ASSERT_NE(rejected, nullptr);
    for (const auto& check : (*rejected)["checks"]) {
      EXPECT_EQ(check["result"] == "fail", check["check"] == c.check) << check.dump();
    }
    const std::string page = trace::render_html(doc);
    EXPECT_NE(page.find("id=\"failure\""), std::string::npos);
    EXPECT_NE(page.find("Fix: "), std::string::npos);
  }
}

TEST(TracePage, escapes_every_string_of_the_document) {
  const std::string evil = "<script>alert(1)</script>\"'&";
  json layout = json::array({{{"offset", 0}, {"length", 1}, {"depth", 0}, {"label", evil}, {"value", evil},
                              {"explain", evil}, {"section", evil}}});
  json doc{{"role", "client"}, {"peer", evil}, {"server_name", evil}, {"started", evil}, {"secrets_shown", true},
           {"events",
            json::array({{{"kind", "message_received"}, {"name", evil}, {"text", evil}, {"bytes", evil},
                          {"layout", layout}, {"protection", {{"keys", evil}, {"secret", evil}}}},
                         {{"kind", "certificate_rejected"}, {"name", evil}, {"text", evil},
                          {"checks", json::array({{{"check", evil}, {"title", evil}, {"result", evil},
                                                   {"values", json::array({json::array({evil, evil})})},
                                                   {"detail", evil}}})}},
                         {{"kind", "alert_received"}, {"name", evil}, {"text", evil}}})},
           {"key_schedule", json::array({{{"id", evil}, {"name", evil}, {"from", json::array({evil})},
                                          {"how", evil}, {"use", evil}, {"section", evil}, {"secret", evil}}})},
           {"outcome", {{"ok", false}, {"error", evil}, {"findings", json::array({{{"title", evil},
                                                                                  {"detail", evil},
                                                                                  {"fix", evil}}})}}}};
  const std::string page = trace::render_html(doc);
  EXPECT_EQ(count(page, "<script"), 1u);  // the page's own
  EXPECT_EQ(page.find("alert(1)</script>"), std::string::npos);
  EXPECT_GT(count(page, "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"), 10u);
}

TEST(TracePage, escape_html_replaces_the_five_markup_characters) {
  EXPECT_EQ(trace::escape_html("a<b>&\"'c"), "a&lt;b&gt;&amp;&quot;&#39;c");
  EXPECT_EQ(trace::escape_html("plain text"), "plain text");
}

}  // namespace
}  // namespace parley::tracetest
