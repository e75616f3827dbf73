#!/usr/bin/env python3
"""Loads a --trace-html page in headless Chromium (Debian `chromium`) over the
DevTools protocol on a pipe (--remote-debugging-pipe: no port, no download)
and checks that it renders, that every message section expands, and that the
page fetches nothing from the network. Writes a screenshot.

usage: page_check.py PAGE.html SCREENSHOT.png [--expect-failure] [--resumed]
--resumed: a resumed session, whose certificates were checked by the session it resumes (no checks drawn).
Exit 0 when every check passes; 1 with the reason otherwise; 77 when chromium is missing.
"""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

TIMEOUT_S = 40


class Browser:
    def __init__(self, exe, profile):
        self.log = tempfile.TemporaryFile()
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()

        def wire_fds():  # Chromium reads commands on fd 3 and answers on fd 4.
            # Copies first: a pipe end may already be fd 3 or 4, and dup2 onto
            # itself would keep its close-on-exec flag.
            r, w = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(r, 3)
            os.dup2(w, 4)

        self.proc = subprocess.Popen(
            [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
             "--user-data-dir=" + profile, "--remote-debugging-pipe", "--window-size=1200,1600", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self.log,
            preexec_fn=wire_fds, close_fds=False)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buf = b""
        self.next_id = 0
        self.events = []
        self.deadline = time.monotonic() + TIMEOUT_S

    def close(self):
        self.proc.kill()
        self.proc.wait()

    def _read_message(self):
        while b"\0" not in self.buf:
            if time.monotonic() > self.deadline:
                raise RuntimeError("chromium did not answer in time")
            chunk = os.read(self.from_chrome, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_chrome, json.dumps(msg).encode() + b"\0")
        while True:
            m = self._read_message()
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)

    def wait_event(self, method):
        while True:
            for i, e in enumerate(self.events):
                if e.get("method") == method:
                    return self.events.pop(i)
            self.events.append(self._read_message())


EXPAND_ALL = r"""
(() => {
  const out = {sections: 0, expanded: 0, with_fields: 0, problems: []};
  document.querySelectorAll('details.msg').forEach((d, i) => {
    out.sections++;
    d.querySelector('summary').click();   // as a reader would
    const body = d.querySelector('table.fields, p.say');
    if (d.open && body && body.getBoundingClientRect().height > 0) out.expanded++;
    else out.problems.push('section ' + i + ' did not expand');
    if (d.querySelectorAll('tr.field').length > 0) out.with_fields++;
  });
  out.scripts = document.querySelectorAll('script').length;
  out.failure = document.getElementById('failure') !== null;
  out.ready = document.body.getAttribute('data-ready');
  out.checks = document.querySelectorAll('ul.checks > li').length;
  out.schedule = document.querySelectorAll('.ks').length;
  out.title = document.title;
  return JSON.stringify(out);
})()
"""


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    page, shot = os.path.abspath(sys.argv[1]), sys.argv[2]
    expect_failure = "--expect-failure" in sys.argv[3:]
    resumed = "--resumed" in sys.argv[3:]
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        print("SKIP: chromium is not installed (Debian package chromium)")
        return 77
    profile = tempfile.mkdtemp()
    b = Browser(exe, profile)
    try:
        target = b.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = b.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        b.call("Network.enable", session=session)
        b.call("Page.enable", session=session)
        b.call("Page.navigate", {"url": "file://" + page}, session=session)
        b.wait_event("Page.loadEventFired")
        result = b.call("Runtime.evaluate", {"expression": EXPAND_ALL, "returnByValue": True}, session=session)
        state = json.loads(result["result"]["value"])
        png = b.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": False}, session=session)
        with open(shot, "wb") as f:
            f.write(base64.b64decode(png["data"]))
        fetched = [e["params"]["request"]["url"] for e in b.events
                   if e.get("method") == "Network.requestWillBeSent"
                   and not e["params"]["request"]["url"].startswith(("file:", "data:", "about:"))]
    except (RuntimeError, OSError) as e:
        b.log.seek(0)
        print(f"FAIL: {e}\n--- chromium's stderr (end):\n" + b.log.read().decode(errors="replace")[-2000:])
        return 1
    finally:
        b.close()
        shutil.rmtree(profile, ignore_errors=True)

    problems = list(state["problems"])
    if state["sections"] < 4:
        problems.append(f"only {state['sections']} message sections")
    if state["expanded"] != state["sections"]:
        problems.append(f"{state['expanded']} of {state['sections']} sections expanded")
    if state["with_fields"] < 1:
        problems.append("no section shows labelled fields")
    if state["ready"] != "1":
        problems.append("the page's script did not run")
    if state["scripts"] != 1:
        problems.append(f"{state['scripts']} script elements (an injected one?)")
    if state["failure"] != expect_failure:
        problems.append("failure box " + ("missing" if expect_failure else "present on a good handshake"))
    if resumed and state["checks"] != 0:
        problems.append(f"{state['checks']} certificate checks on a resumed session")
    elif state["checks"] < 4 and not expect_failure and not resumed:
        problems.append(f"{state['checks']} certificate checks")
    if state["schedule"] < 10:
        problems.append(f"{state['schedule']} key schedule boxes")
    if fetched:
        problems.append("the page fetched: " + ", ".join(fetched))
    if problems:
        print("FAIL: " + "; ".join(problems))
        return 1
    print(f"ok: {state['sections']} sections expanded, {state['checks']} checks, "
          f"{state['schedule']} key schedule boxes, nothing fetched; screenshot {shot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
