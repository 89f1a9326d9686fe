#!/usr/bin/env python3
"""`ff mcp` driven by the official Python MCP client (PyPI `mcp`), in a temporary repository,
with the git CLI as the oracle for what was committed.

usage: FF=/path/to/ff python3 Tests/MCPClient/test_ff_mcp.py
Exits 0 when every test passes, 1 when one fails, 3 when the `mcp` package is not installed.
"""
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

try:
    import anyio
    from mcp import ClientSession, StdioServerParameters
    from mcp.client.stdio import stdio_client
    from mcp.shared.exceptions import MCPError
except ImportError:
    print("test_ff_mcp: the mcp package is not installed (pip install mcp)", file=sys.stderr)
    sys.exit(3)

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
FF = os.environ.get("FF") or str(ROOT / ".build" / "debug" / "ff")
READERS = {"list_experiments", "show_experiment", "why", "timeline", "stats", "check"}
WRITERS = {"new_experiment", "start_experiment", "add_note", "amend_experiment", "conclude_experiment",
           "abandon_experiment"}
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

PLAN = {
    "hypothesis": "If we demo weekly, then two of three sponsors ask for a follow-up within 14 days.",
    "success": ["2 of 3 sponsors ask for a follow-up"],
    "failure": ["no follow-up after two demos"],
    "data": ["follow-up requests: count replies tagged #demo"],
    "days": 14,
    "reversible": True,
    "rollback": "Stop the demos.",
    "stakeholder": ["Priya (sponsor)"],
    "tag": ["sponsors"],
    "touches": ["src/demo/**"],
}


def environment(home):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "LANG": "C.UTF-8",
           "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "Ada", "GIT_AUTHOR_EMAIL": "ada@example.com",
           "GIT_COMMITTER_NAME": "Ada", "GIT_COMMITTER_EMAIL": "ada@example.com"}
    return env


class Repo:
    """A temporary repository with ff set up, and git to look at it."""

    def __init__(self):
        self.home = tempfile.mkdtemp(prefix="ff-mcp-home")
        self.path = tempfile.mkdtemp(prefix="ff-mcp-repo")
        self.env = environment(self.home)
        self.git("init", "-q", "-b", "main")
        os.makedirs(os.path.join(self.path, "src", "demo"))
        pathlib.Path(self.path, "src", "demo", "page.html").write_text("<p>demo</p>\n")
        self.git("add", "src")
        self.git("commit", "-q", "-m", "A page")
        subprocess.run([FF, "init"], cwd=self.path, env=self.env, check=True, capture_output=True)

    def git(self, *args, check=True):
        r = subprocess.run(["git", *args], cwd=self.path, env=self.env, capture_output=True, text=True)
        if check and r.returncode != 0:
            raise AssertionError(f"git {' '.join(args)}: {r.stderr}")
        return r.stdout

    def commits(self):
        return int(self.git("rev-list", "--count", "HEAD").strip())

    def trailers(self, rev="HEAD"):
        message = self.git("log", "-1", "--format=%B", rev)
        parsed = subprocess.run(["git", "interpret-trailers", "--parse"], input=message, capture_output=True,
                                text=True, check=True).stdout
        return dict(line.split(": ", 1) for line in parsed.splitlines() if ": " in line)

    def remove(self):
        shutil.rmtree(self.path, ignore_errors=True)
        shutil.rmtree(self.home, ignore_errors=True)


def validate(test, schema, data):
    """Validates data against docs/schema/<schema> with the project's validator."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(data, f)
    try:
        r = subprocess.run([sys.executable, str(ROOT / "scripts" / "validate-json"), schema, f.name],
                           capture_output=True, text=True)
    finally:
        os.unlink(f.name)
    if r.returncode == 2:
        raise unittest.SkipTest("jsonschema is not installed")
    test.assertEqual(r.returncode, 0, f"{schema}: {r.stdout}{r.stderr}")


async def session(repo, body, *args):
    params = StdioServerParameters(command=FF, args=["mcp", *args], cwd=repo.path, env=repo.env)
    with open(os.devnull, "w") as quiet:
        async with stdio_client(params, errlog=quiet) as (read, write):
            async with ClientSession(read, write) as s:
                await s.initialize()
                return await body(s)


def text(result):
    return "".join(c.text for c in result.content if c.type == "text")


def answer(test, result):
    test.assertFalse(result.is_error, text(result))
    test.assertIsNone(CONTROL.search(text(result)), "a control character in a tool's answer")
    return json.loads(result.content[0].text)


class LifecycleThroughTools(unittest.TestCase):
    """Every tool, in the order a person would use them, each change one commit."""

    def setUp(self):
        self.repo = Repo()

    def tearDown(self):
        self.repo.remove()

    def test_every_tool(self):
        repo, t = self.repo, self
        before = repo.commits()

        async def body(s):
            tools = {tool.name: tool for tool in (await s.list_tools()).tools}
            t.assertEqual(set(tools), READERS | WRITERS)
            t.assertTrue(tools["list_experiments"].annotations.read_only_hint)
            t.assertFalse(tools["new_experiment"].annotations.read_only_hint)
            t.assertIn("reason", tools["amend_experiment"].input_schema["required"])

            # new_experiment: a draft, one commit, its trailers, nothing left uncommitted.
            made = answer(t, await s.call_tool("new_experiment", {"title": "Weekly demo to sponsors", **PLAN}))
            eid = made["experiment"]["id"]
            validate(t, "mcp-change.schema.json", made)
            t.assertEqual(made["experiment"]["status"], "draft")
            t.assertEqual(made["commit"], repo.git("rev-parse", "HEAD").strip())
            t.assertEqual(repo.trailers()["FF-Experiment"], eid)
            t.assertEqual(repo.trailers()["FF-Action"], "new")
            t.assertEqual(repo.git("status", "--porcelain"), "")
            t.assertEqual(repo.commits(), before + 1)

            listed = answer(t, await s.call_tool("list_experiments", {"status": ["draft"], "tag": ["sponsors"]}))
            validate(t, "list.schema.json", listed)
            t.assertEqual([e["id"] for e in listed], [eid])
            t.assertEqual(answer(t, await s.call_tool("list_experiments", {"status": ["running"]})), [])

            shown = answer(t, await s.call_tool("show_experiment", {"ref": eid}))
            validate(t, "show.schema.json", shown)
            t.assertEqual(shown["touches"], ["src/demo/**"])

            started = answer(t, await s.call_tool("start_experiment", {"ref": eid}))
            t.assertEqual(started["experiment"]["status"], "running")
            t.assertEqual(repo.trailers()["FF-Action"], "start")

            noted = answer(t, await s.call_tool("add_note", {"ref": eid, "text": "- first sponsor replied"}))
            t.assertEqual([o["text"] for o in noted["experiment"]["observations"]], ["- first sponsor replied"])

            # A locked field changes only through amend, with a reason.
            refused = await s.call_tool("amend_experiment", {"ref": eid, "days": 21})
            t.assertTrue(refused.is_error)
            t.assertTrue(text(refused).startswith("ff: "), text(refused))
            amended = answer(t, await s.call_tool("amend_experiment", {"ref": eid, "days": 21,
                                                                      "reason": "Two sponsors are away a week."}))
            t.assertEqual(amended["experiment"]["timebox"]["days"], 21)
            t.assertEqual(len(amended["experiment"]["deviations"]), 1)

            why = answer(t, await s.call_tool("why", {"paths": ["src/demo/page.html"]}))
            validate(t, "why.schema.json", why)
            t.assertIn(eid, json.dumps(why))

            concluded = answer(t, await s.call_tool("conclude_experiment", {
                "ref": eid, "outcome": "validated", "returned": "Two of three sponsors asked for a follow-up.",
                "facts": "Three demos; two follow-up requests.", "signal": "Weekly demos keep sponsors engaged.",
                "next": "Try a fortnightly demo.", "next_experiment": "Fortnightly demo to sponsors",
                "met": ["s1"], "not_met": ["f1"]}))
            t.assertEqual(concluded["experiment"]["status"], "concluded")
            t.assertEqual(len(concluded["experiments"]), 2)
            follow = concluded["experiments"][1]
            t.assertEqual(repo.trailers()["FF-Action"], "conclude")

            abandoned = answer(t, await s.call_tool("abandon_experiment", {"ref": follow,
                                                                            "reason": "The sponsors asked for a written digest instead."}))
            t.assertEqual(abandoned["experiment"]["status"], "abandoned")

            validate(t, "timeline.schema.json", answer(t, await s.call_tool("timeline", {"experiment": [eid]})))
            validate(t, "stats.schema.json", answer(t, await s.call_tool("stats", {})))
            checked = answer(t, await s.call_tool("check", {}))
            validate(t, "check.schema.json", checked)
            t.assertEqual(checked["errors"], 0)

            # Resources: every experiment file, as it is on disk.
            resources = {r.uri: r for r in (await s.list_resources()).resources}
            t.assertEqual(set(resources), {f"ff://experiment/{eid}", f"ff://experiment/{follow}"})
            content = (await s.read_resource(f"ff://experiment/{eid}")).contents[0]
            path = shown["path"]
            t.assertEqual(content.text, pathlib.Path(repo.path, path).read_text())
            for bad in ["ff://experiment/../../.git/config", "ff://experiment/", "file:///etc/passwd",
                        "ff://experiment/zzzzzzzz"]:
                with t.assertRaises(MCPError, msg=bad):
                    await s.read_resource(bad)

        anyio.run(session, repo, body)
        # One commit per change: new, start, note, amend, conclude (with its follow-up), abandon.
        self.assertEqual(repo.commits(), before + 6)
        self.assertEqual(repo.git("status", "--porcelain"), "")
        fsck = subprocess.run(["git", "fsck", "--strict"], cwd=repo.path, env=repo.env, capture_output=True, text=True)
        self.assertEqual(fsck.returncode, 0, fsck.stderr)


class ErrorsAndHostileInput(unittest.TestCase):
    def setUp(self):
        self.repo = Repo()

    def tearDown(self):
        self.repo.remove()

    def test_errors_are_tool_errors_and_the_server_lives_on(self):
        repo, t = self.repo, self
        before = repo.commits()

        async def body(s):
            # An unknown tool is a protocol error; the server answers the next call.
            with t.assertRaises(MCPError):
                await s.call_tool("delete_everything", {})
            t.assertEqual(answer(t, await s.call_tool("list_experiments", {})), [])
            # Bad arguments and ff's refusals are tool errors with ff's one line.
            for name, args in [("start_experiment", {"ref": "nope"}), ("start_experiment", {}),
                               ("new_experiment", {"title": "x", "days": "many"}),
                               ("new_experiment", {"title": "x", "colour": "red"}),
                               ("new_experiment", {"title": "x", "days": 10 ** 30}),
                               ("list_experiments", {"status": ["sideways"]}),
                               ("show_experiment", {"ref": "\x1b]0;owned\x07\x1b[2J"})]:
                r = await s.call_tool(name, args)
                t.assertTrue(r.is_error, f"{name} {args}: {text(r)}")
                t.assertRegex(text(r), r"^ff: ", f"{name} {args}")
                t.assertEqual(len(text(r).splitlines()), 1, text(r))
                t.assertIsNone(CONTROL.search(text(r)), f"{name} {args}: {text(r)!r}")
            # Text that looks like options is text; escapes are dropped as the command line drops them.
            title = "--version \x1b[31mred\x1b[0m -- --help"
            made = answer(t, await s.call_tool("new_experiment", {"title": title, "hypothesis": "--no-verify"}))
            stored = made["experiment"]["title"]
            t.assertTrue(stored.startswith("--version ") and stored.endswith(" -- --help"), stored)
            t.assertIsNone(CONTROL.search(stored), repr(stored))
            t.assertEqual(made["experiment"]["hypothesis"], "--no-verify")
            cli = subprocess.run([FF, "show", "--json", made["experiment"]["id"]], cwd=repo.path, env=repo.env,
                                 capture_output=True, text=True, check=True)
            t.assertEqual(json.loads(cli.stdout), made["experiment"])
            return made["experiment"]["id"]

        anyio.run(session, repo, body)
        self.assertEqual(repo.commits(), before + 1)
        self.assertEqual(repo.git("status", "--porcelain"), "")

    def test_malformed_request_gets_a_parse_error_and_the_server_lives_on(self):
        init = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
                "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                           "clientInfo": {"name": "raw", "version": "1"}}}
        call = {"jsonrpc": "2.0", "id": 2, "method": "tools/call",
                "params": {"name": "stats", "arguments": {}}}
        lines = ["{not json", json.dumps(init), json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}),
                 "[]", json.dumps({"jsonrpc": "2.0", "id": 9, "method": "no/such/method"}), json.dumps(call)]
        # A client keeps the pipe open until it has its answers, as a real one does.
        server = subprocess.Popen([FF, "mcp"], cwd=self.repo.path, env=self.repo.env, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            server.stdin.write("\n".join(lines) + "\n")
            server.stdin.flush()
            replies = []
            while len(replies) < 5:
                line = server.stdout.readline()
                self.assertTrue(line, f"the server stopped after {replies}")
                replies.append(json.loads(line))
            server.stdin.close()
            self.assertEqual(server.wait(timeout=60), 0)
        finally:
            server.kill()
        codes = sorted(m["error"]["code"] for m in replies if "error" in m)
        self.assertEqual(codes, [-32700, -32601, -32600])
        by_id = {m.get("id"): m for m in replies if "result" in m}
        self.assertEqual(by_id[1]["result"]["serverInfo"]["name"], "ff")
        self.assertFalse(by_id[2]["result"].get("isError", False))
        json.loads(by_id[2]["result"]["content"][0]["text"])
        # Piped and closed at once (echo '…' | ff mcp): every request read before the end is answered.
        r = subprocess.run([FF, "mcp"], cwd=self.repo.path, env=self.repo.env, input="\n".join(lines) + "\n",
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sorted(str(json.loads(line).get("id")) for line in r.stdout.splitlines() if '"result"' in line),
                         ["1", "2"], r.stdout)

    def test_hooks_run_and_their_output_stays_off_the_protocol(self):
        repo, t = self.repo, self
        hooks = pathlib.Path(repo.path, ".git", "hooks")
        marker = pathlib.Path(repo.home, "hook-ran")
        chained = hooks / "commit-msg.ff-chained"
        chained.write_text(f"#!/bin/sh\necho 'hook output on stdout'\necho ran >> '{marker}'\n"
                           "cat >/dev/null\n! grep -q BLOCKED \"$1\"\n")
        chained.chmod(0o755)
        before = repo.commits()

        async def body(s):
            answer(t, await s.call_tool("new_experiment", {"title": "Allowed"}))
            r = await s.call_tool("new_experiment", {"title": "BLOCKED by the team's hook"})
            t.assertTrue(r.is_error, text(r))
            t.assertIn("commit-msg", text(r))

        anyio.run(session, repo, body)
        self.assertEqual(marker.read_text().count("ran"), 2)
        self.assertEqual(repo.commits(), before + 1)
        self.assertEqual(repo.git("status", "--porcelain"), "")


class ReadOnly(unittest.TestCase):
    def test_read_only_exposes_the_reading_tools_alone(self):
        repo, t = Repo(), self
        try:
            before = repo.commits()

            async def body(s):
                t.assertEqual({tool.name for tool in (await s.list_tools()).tools}, READERS)
                with t.assertRaises(MCPError):
                    await s.call_tool("new_experiment", {"title": "Not here"})
                t.assertEqual(answer(t, await s.call_tool("list_experiments", {})), [])

            anyio.run(session, repo, body, "--read-only")
            self.assertEqual(repo.commits(), before)
        finally:
            repo.remove()


if __name__ == "__main__":
    if not os.access(FF, os.X_OK):
        print(f"test_ff_mcp: no ff at {FF} (swift build, or set FF)", file=sys.stderr)
        sys.exit(1)
    unittest.main(verbosity=2)
