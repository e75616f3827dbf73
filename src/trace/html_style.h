// The page's inline stylesheet and script (html.cc), kept apart from the
// markup so each reads on its own.
#pragma once

#include <string_view>

namespace parley::trace {

inline constexpr std::string_view kPageStyle = R"css(
:root{--client:#1f6feb;--server:#8250df;--none:#bf8700;--hs:#1a7f37;--app:#0969da;--bad:#cf222e;--ink:#1f2328;--mute:#656d76}
*{box-sizing:border-box}body{font:15px/1.5 system-ui,sans-serif;color:var(--ink);margin:0 auto;max-width:1100px;padding:1em 1.5em}
h1{font-size:1.6em;margin:.2em 0}h2{border-bottom:1px solid #d0d7de;padding-bottom:.2em;margin-top:1.6em}
code,.hex{font-family:ui-monospace,monospace;font-size:.86em}
.sub{color:var(--mute)}.warn{background:#fff8c5;border:1px solid #d4a72c;padding:.6em 1em;border-radius:6px}
.lanes{display:grid;grid-template-columns:1fr 1fr;font-weight:600;text-align:center;position:sticky;top:0;background:#fff;z-index:2;padding:.3em 0;border-bottom:2px solid #d0d7de}
.lanes .c{color:var(--client)}.lanes .s{color:var(--server)}
.flow{position:relative;padding:.4em 0}
details.msg{margin:.5em 0;border:1px solid #d0d7de;border-radius:8px;background:#f6f8fa}
details.msg>summary{cursor:pointer;list-style:none;padding:.45em .8em;display:grid;grid-template-columns:1fr auto 1fr;align-items:center;gap:.6em}
details.msg>summary::-webkit-details-marker{display:none}
.arrow{height:2px;background:currentColor;position:relative}
.to-server .arrow::after{content:"";position:absolute;right:-2px;top:-5px;border:6px solid transparent;border-left:9px solid currentColor;border-right:0}
.to-client .arrow::before{content:"";position:absolute;left:-2px;top:-5px;border:6px solid transparent;border-right:9px solid currentColor;border-left:0}
.to-server>summary{color:var(--client)}.to-client>summary{color:var(--server)}
.name{font-weight:700;color:var(--ink);text-align:center}
.prot{font-size:.78em;border-radius:10px;padding:.05em .6em;color:#fff;white-space:nowrap}
.prot.none{background:var(--none)}.prot.early{background:#9a6700}.prot.handshake{background:var(--hs)}.prot.application{background:var(--app)}
.say{color:var(--ink);font-size:.9em;padding:0 .8em .5em}
table.fields{border-collapse:collapse;width:100%;background:#fff;font-size:.88em}
table.fields td{border-top:1px solid #eaeef2;padding:.2em .5em;vertical-align:top}
table.fields td.hex{word-break:break-all;max-width:22em;color:#57606a}
table.fields tr:hover{background:#ddf4ff}
.d1 td.l{padding-left:1.5em}.d2 td.l{padding-left:3em}.d3 td.l{padding-left:4.5em}.d4 td.l{padding-left:6em}
td.l{font-weight:600;white-space:nowrap}td.v{font-family:ui-monospace,monospace;overflow-wrap:break-word}
.note{margin:.3em 2em;padding:.3em .8em;border-left:4px solid var(--hs);background:#f0fff4;font-size:.9em}
.note.check{border-color:var(--app);background:#eef6ff}.note.bad,.failure{border-color:var(--bad);background:#ffebe9}
.note.done{border-color:var(--app)}.note.closure{border-color:var(--mute);background:#f6f8fa}
.failure{border:2px solid var(--bad);border-radius:8px;padding:.6em 1em;margin:1em 0}
.failure h3{color:var(--bad);margin:.2em 0}.fix{font-weight:600}
ul.checks{list-style:none;padding:0}ul.checks>li{border:1px solid #d0d7de;border-radius:8px;margin:.5em 0;padding:.5em .8em}
.result{float:right;font-weight:700}.pass .result{color:var(--hs)}.fail .result{color:var(--bad)}.fail{border-color:var(--bad)!important}
.values td{padding:.1em .6em .1em 0;vertical-align:top}.values td:first-child{color:var(--mute);white-space:nowrap}
.schedule{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:.8em}
.ks{border:2px solid var(--hs);border-radius:8px;padding:.5em .8em;background:#f6fff8}
.ks.off{border-color:#d0d7de;background:#f6f8fa;color:var(--mute)}
.ks b{display:block}.ks .from{font-size:.85em;color:var(--mute)}.ks .how{font-family:ui-monospace,monospace;font-size:.8em}
.ks .secret{font-family:ui-monospace,monospace;font-size:.75em;word-break:break-all;color:var(--bad)}
button{font:inherit;margin-right:.5em}
)css";

inline constexpr std::string_view kPageScript = R"js(
(function(){
  var all=document.querySelectorAll('details.msg');
  document.getElementById('expand-all').addEventListener('click',function(){all.forEach(function(d){d.open=true;});});
  document.getElementById('collapse-all').addEventListener('click',function(){all.forEach(function(d){d.open=false;});});
  document.body.setAttribute('data-ready','1');
})();
)js";

}  // namespace parley::trace
