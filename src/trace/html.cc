#include "trace/html.h"

#include <fmt/core.h>

#include "trace/dissect.h"
#include "trace/html_style.h"

namespace parley::trace {
namespace {

using json = nlohmann::json;

// A string member, or empty when absent or not a string: the document may come from a file.
std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string e(const json& j, const char* key) { return escape_html(str(j, key)); }

std::string section_link(const std::string& section) {
  if (section.empty()) return "";
  return fmt::format(R"(<a href="{}">§{}</a>)", escape_html(rfc8446_link(section)), escape_html(section));
}

std::string protection_badge(const json& p) {
  const std::string keys = str(p, "keys");
  if (keys == "handshake" || keys == "application" || keys == "early") {
    std::string label = keys + " keys, " + str(p, "secret");
    if (keys == "application" && p.value("generation", 0) > 0) label += fmt::format(" #{}", p.value("generation", 0));
    return fmt::format(R"(<span class="prot {}" title="the record is encrypted with these keys">{}</span>)", keys,
                       escape_html(label));
  }
  return R"(<span class="prot none" title="anyone on the path can read this record">plaintext</span>)";
}

// Each field shows the bytes that are its own: a vector's length prefix, not
// the entries listed after it.
std::string field_rows(const json& layout, const std::string& hex) {
  std::string out;
  for (size_t i = 0; i < layout.size(); ++i) {
    const json& f = layout[i];
    const size_t offset = f.value("offset", size_t{0});
    size_t end = offset + f.value("length", size_t{0});
    if (i + 1 < layout.size()) {
      const size_t next = layout[i + 1].value("offset", size_t{0});
      if (next >= offset && next < end) end = next;
    }
    std::string bytes;
    if (2 * end <= hex.size() && end >= offset) bytes = hex.substr(2 * offset, 2 * (end - offset));
    std::string spaced;
    for (size_t k = 0; k < bytes.size(); k += 2) spaced += (k ? " " : "") + bytes.substr(k, 2);
    out += fmt::format(
        R"(<tr class="field d{}"><td class="hex">{}</td><td class="l">{}</td><td class="v">{}</td><td>{}</td><td>{}</td></tr>)",
        std::min(f.value("depth", 0), 4), escape_html(spaced), e(f, "label"), e(f, "value"), e(f, "explain"),
        section_link(str(f, "section")));
    out += "\n";
  }
  return out;
}

std::string message_html(const json& ev, bool from_client, size_t n) {
  const std::string dir = from_client ? "to-server" : "to-client";
  const std::string hex = str(ev, "bytes");
  std::string body;
  if (ev.contains("layout") && ev["layout"].is_array() && !ev["layout"].empty()) {
    body = R"(<table class="fields"><tr><td class="hex"><b>bytes</b></td><td class="l">field</td><td class="v">value</td><td>meaning</td><td>RFC</td></tr>)" +
           field_rows(ev["layout"], hex) + "</table>";
  } else {
    body = R"(<p class="say">A one-byte record of its own (content type change_cipher_spec), not a handshake message: it )"
           R"(only keeps old middleboxes calm. )" + section_link("D.4") + "</p>";
  }
  return fmt::format(
      R"(<details class="msg {}" id="msg-{}"><summary><span class="arrow"></span><span class="name">{} {}</span><span class="arrow"></span></summary>
<p class="say">{} <span class="sub">({} bytes{})</span></p>{}</details>
)",
      dir, n, e(ev, "name"), protection_badge(ev.value("protection", json::object())), e(ev, "text"), hex.size() / 2,
      ev.contains("t_ms") ? fmt::format(", at {:.2f} ms", ev.value("t_ms", 0.0)) : "", body);
}

std::string values_table(const json& values) {
  std::string out = R"(<table class="values">)";
  for (const auto& v : values) {
    if (!v.is_array() || v.size() != 2 || !v[0].is_string() || !v[1].is_string()) continue;
    out += fmt::format("<tr><td>{}</td><td>{}</td></tr>", escape_html(v[0].get<std::string>()),
                       escape_html(v[1].get<std::string>()));
  }
  return out + "</table>";
}

std::string checks_html(const json& ev) {
  const bool server = str(ev, "name") == "server";
  std::string out = fmt::format("<h3>The {}'s certificate: {}</h3>\n<ul class=\"checks\">\n",
                                server ? "server" : "client",
                                str(ev, "kind") == "certificate_verified" ? "accepted" : "rejected");
  for (const auto& c : ev.value("checks", json::array())) {
    const std::string result = str(c, "result");
    out += fmt::format(R"(<li class="{}"><span class="result">{}</span><b>{}</b>{}<div>{}</div></li>)",
                       result == "pass" ? "pass" : result == "fail" ? "fail" : "other", escape_html(result),
                       e(c, "title"), values_table(c.value("values", json::array())), e(c, "detail"));
    out += "\n";
  }
  return out + "</ul>\n";
}

std::string findings_html(const json& outcome) {
  std::string out = R"(<div class="failure" id="failure"><h3>The handshake failed here</h3>)";
  out += fmt::format("<p>{}</p>", e(outcome, "error"));
  for (const auto& f : outcome.value("findings", json::array())) {
    out += fmt::format(R"(<p><b>{}</b><br>{}<br><span class="fix">Fix: {}</span></p>)", e(f, "title"),
                       e(f, "detail"), e(f, "fix"));
  }
  return out + "</div>\n";
}

std::string schedule_html(const json& steps) {
  std::string out = R"(<div class="schedule">)";
  for (const auto& s : steps) {
    std::string from;
    for (const auto& f : s.value("from", json::array())) {
      if (f.is_string()) from += (from.empty() ? "" : " + ") + f.get<std::string>();
    }
    out += fmt::format(R"(<div class="ks{}" id="ks-{}"><b>{}</b>{}<div class="how">{}</div><div>{}</div>{}{}</div>)",
                       s.value("reached", false) ? "" : " off", e(s, "id"), e(s, "name"),
                       from.empty() ? "" : "<div class=\"from\">from " + escape_html(from) + "</div>", e(s, "how"),
                       e(s, "use"), s.contains("secret") ? "<div class=\"secret\">" + e(s, "secret") + "</div>" : "",
                       section_link(str(s, "section")));
    out += "\n";
  }
  return out + "</div>\n";
}

}  // namespace

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string render_html(const json& doc) {
  const bool client = str(doc, "role") == "client";
  const json events = doc.value("events", json::array());
  const json outcome = doc.value("outcome", json::object());
  std::string flow, checks;
  size_t n = 0;
  for (const auto& ev : events) {
    const std::string kind = str(ev, "kind");
    if (kind == "message_sent" || kind == "message_received") {
      // Who wrote it: we did if we sent it.
      const bool from_client = (kind == "message_sent") == client;
      flow += message_html(ev, from_client, n++);
    } else if (kind == "keys_installed") {
      flow += fmt::format(R"(<div class="note"><b>Keys:</b> {}</div>)", e(ev, "text")) + "\n";
    } else if (kind == "certificate_verified" || kind == "certificate_rejected") {
      const bool ok = kind == "certificate_verified";
      flow += fmt::format(R"(<div class="note check{}">{} <a href="#checks">the checks</a></div>)", ok ? "" : " bad",
                          e(ev, "text")) + "\n";
      checks += checks_html(ev);
    } else if (kind == "alert_sent" || kind == "alert_received") {
      // close_notify ends a connection that worked (§6.1); every other alert is an error.
      const bool closure = str(ev, "name") == "close_notify";
      flow += fmt::format(R"(<div class="note {}"><b>Alert:</b> {}</div>)", closure ? "closure" : "bad", e(ev, "text"));
      flow += "\n";
    } else if (kind == "handshake_done") {
      flow += fmt::format(R"(<div class="note done">&#10004; {}</div>)", e(ev, "text")) + "\n";
    }
  }
  const bool failed = !outcome.value("ok", true);
  if (failed) flow += findings_html(outcome);
  if (checks.empty()) checks = "<p>No certificate was checked on this side of the connection.</p>";

  const std::string peer = e(doc, "peer");
  std::string page = R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
)";
  page += fmt::format("<title>TLS 1.3 connection {} {} (parley)</title>\n<style>{}</style></head>\n<body>\n",
                      client ? "to" : "from", peer, kPageStyle);
  page += fmt::format(
      "<h1>The illustrated TLS 1.3 connection</h1>\n<p class=\"sub\">The {} side of a real connection {} {}{}, "
      "started {}. Generated by parley.</p>\n",
      client ? "client" : "server", client ? "to" : "from", peer,
      str(doc, "server_name").empty() ? "" : " (server name " + e(doc, "server_name") + ")", e(doc, "started"));
  if (doc.value("secrets_shown", false)) {
    page += "<p class=\"warn\"><b>This page contains the connection's secrets.</b> Anyone who has it and a capture "
            "of the traffic can decrypt everything that was sent. Do not share it.</p>\n";
  }
  page += fmt::format("<p><b>{}</b></p>\n", failed ? "The handshake failed: see the red box below."
                                                   : "The handshake succeeded.");
  page += R"(<nav><a href="#messages">Messages</a> · <a href="#checks">Certificate checks</a> · <a href="#keys">Key schedule</a></nav>
<h2 id="messages">The messages</h2>
<p>Each message is an arrow from the side that wrote it, with the keys that protect its record. Click one to see its bytes, field by field.
<button id="expand-all" type="button">Expand all</button><button id="collapse-all" type="button">Collapse all</button></p>
<div class="lanes"><div class="c">Client</div><div class="s">Server</div></div>
<div class="flow">
)";
  page += flow;
  page += "</div>\n<h2 id=\"checks\">Certificate checks</h2>\n" + checks;
  page += "<h2 id=\"keys\">The key schedule</h2>\n<p>Each secret comes from the ones it names (RFC 8446 " +
          section_link("7.1") + "); grey boxes were not reached in this connection. Traffic keys and IVs are "
          "expanded from the traffic secrets (" + section_link("7.3") + ").";
  page += doc.value("secrets_shown", false) ? " The values in red are this connection's secrets.</p>\n"
                                            : " The secret values are shown only with --trace-secrets.</p>\n";
  page += schedule_html(doc.value("key_schedule", json::array()));
  page += fmt::format("<script>{}</script>\n</body></html>\n", kPageScript);
  return page;
}

}  // namespace parley::trace
