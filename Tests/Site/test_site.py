#!/usr/bin/env python3
"""`ff site` on real repositories made with real ff commands: the pages and their links, the
escaping of hostile text, the Atom feed read by feedparser, incremental rebuilds, many
sources (paths, bare repositories, a missing one, colliding ids, .ff/site.yaml), and the site
in Chromium through Selenium (links followed, no console error, no request to another host,
nothing wider than 800 px).

usage: FF=/path/to/ff python3 Tests/Site/test_site.py
Exits 0 when every test passes (a test whose tool is missing is skipped and says why), 1 when
one fails.
"""
import html.parser
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import unittest
import urllib.parse
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
FF = os.environ.get("FF") or str(ROOT / ".build" / "debug" / "ff")
HOSTILE = "<script>alert(1)</script> \x1b[31mred\x1b[0m \"quoted\" & 'single' </textarea><img src=x onerror=alert(2)>"


def environment(home):
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "LANG": "C.UTF-8", "TZ": "UTC",
            "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "Ada", "GIT_AUTHOR_EMAIL": "ada@example.com",
            "GIT_COMMITTER_NAME": "Ada", "GIT_COMMITTER_EMAIL": "ada@example.com"}


class Repo:
    def __init__(self, root, name, env):
        self.path = os.path.join(root, name)
        self.env = env
        os.makedirs(self.path)
        self.git("init", "-q", "-b", "main")
        self.ff("init")

    def git(self, *args):
        return subprocess.run(["git", *args], cwd=self.path, env=self.env, check=True, capture_output=True, text=True).stdout

    def ff(self, *args, check=True):
        r = subprocess.run([FF, *args], cwd=self.path, env=self.env, capture_output=True, text=True)
        if check and r.returncode != 0:
            raise AssertionError(f"ff {' '.join(args)}: {r.stderr}")
        return r

    def new(self, title, *extra):
        self.ff("new", title, "--hypothesis", "If we try it, then the count rises within 14 days.",
                "--success", "count rises by 10%", "--failure", "count falls", "--data", "count: the weekly report",
                "--days", "14", "--reversible", "--rollback", "Stop it.", "--stakeholder", "Priya", *extra)
        return self.last_id()

    def last_id(self):
        message = self.git("log", "-1", "--format=%B")
        return re.search(r"^FF-Experiment: (\S+)", message, re.M).group(1)

    def lifecycle(self):
        """A concluded experiment with its follow-up (running), an abandoned one, a draft, a hostile title."""
        first = self.new("Weekly demo to sponsors", "--prediction", "validated", "--confidence", "0.7")
        self.ff("start", first)
        self.ff("note", first, "Two sponsors replied.")
        self.ff("conclude", first, "--outcome", "validated", "--returned", "Two of three sponsors asked for more.",
                "--facts", "Three demos.", "--signal", "Demos keep sponsors close.", "--next", "Try fortnightly.",
                "--next-experiment", "Fortnightly demo", "--met", "s1", "--not-met", "f1")
        follow = self.last_follow_up(first)
        self.ff("edit", follow, "--hypothesis", "If we demo fortnightly, then sponsors still ask within 14 days.",
                "--success", "2 of 3 ask", "--failure", "none ask", "--data", "asks: replies", "--days", "14",
                "--reversible", "--rollback", "Go back to weekly.", "--stakeholder", "Priya")
        self.ff("start", follow)
        gone = self.new("Quarterly survey")
        self.ff("abandon", gone, "--reason", "The survey tool was retired.")
        hostile = self.new(HOSTILE)
        return first, follow, gone, hostile

    def last_follow_up(self, first):
        rows = json.loads(self.ff("list", "--json").stdout)
        return next(r["id"] for r in rows if r["follows"] == first)


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.sources, self.scripts = [], [], 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        for key in ("src",):
            if key in a:
                self.sources.append(a[key])
        if tag == "link" and "href" in a:
            self.sources.append(a["href"])
        if tag == "script":
            self.scripts += 1


def pages(site):
    return sorted(str(p.relative_to(site)) for p in pathlib.Path(site).rglob("*")
                  if p.is_file() and "pagefind" not in p.parts)


class SiteOfOneRepository(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="ff-site")
        cls.env = environment(os.path.join(cls.tmp, "home"))
        os.makedirs(cls.env["HOME"])
        cls.repo = Repo(cls.tmp, "team", cls.env)
        cls.repo.git("remote", "add", "origin", "git@github.com:acme/team.git")
        cls.first, cls.follow, cls.gone, cls.hostile = cls.repo.lifecycle()
        cls.site = os.path.join(cls.tmp, "out")
        cls.built = cls.repo.ff("site", "-o", cls.site)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def page(self, rel):
        return pathlib.Path(self.site, rel).read_text(encoding="utf-8")

    def test_pages_exist_with_the_ids_in_their_names(self):
        self.assertIn("Wrote the site of team", self.built.stdout)
        files = pages(self.site)
        for f in ["index.html", "timeline.html", "stats.html", "feed.xml", "style.css"]:
            self.assertIn(f, files)
        for eid in [self.first, self.follow, self.gone, self.hostile]:
            self.assertIn(f"experiments/team/{eid}.html", files)

    def test_every_link_is_relative_and_resolves(self):
        for rel in pages(self.site):
            if not rel.endswith(".html"):
                continue
            p = Links()
            p.feed(self.page(rel))
            for href in p.links + p.sources:
                parsed = urllib.parse.urlparse(href)
                if href == "data:,":
                    continue  # the empty icon, which spares the browser a request for /favicon.ico
                if parsed.scheme:
                    # Only links to the forge's commits leave the site, and nothing is loaded from anywhere.
                    self.assertTrue(href.startswith("https://github.com/acme/team/commit/"), f"{rel}: {href}")
                    self.assertNotIn(href, p.sources)
                    continue
                self.assertFalse(href.startswith("/"), f"{rel}: {href} is absolute")
                target = os.path.normpath(os.path.join(os.path.dirname(rel), parsed.path))
                if target.startswith("pagefind"):
                    continue
                self.assertTrue(os.path.isfile(os.path.join(self.site, target)), f"{rel}: {href} leads nowhere")
            if rel != "search.html":
                self.assertEqual(p.scripts, 0, f"{rel} has a script")

    def test_hostile_text_is_escaped(self):
        for rel in pages(self.site):
            text = self.page(rel)
            self.assertNotIn("<script>alert", text, rel)
            self.assertNotIn("<img src=x", text, rel)
            self.assertNotIn("\x1b", text, rel)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", self.page(f"experiments/team/{self.hostile}.html"))

    def test_an_experiment_page_has_its_plan_debrief_chain_and_commits(self):
        text = self.page(f"experiments/team/{self.first}.html")
        for part in ["If we try it, then the count rises", "count rises by 10%", "Two sponsors replied.",
                     "Two of three sponsors asked for more.", "Signal ledger", "The plan is as it was",
                     f'href="{self.follow}.html"', "https://github.com/acme/team/commit/"]:
            self.assertIn(part, text)
        back = self.page(f"experiments/team/{self.follow}.html")
        self.assertIn(f'href="{self.first}.html"', back)
        self.assertIn("Follows", back)
        commits = self.repo.git("log", "--format=%H", "--", "experiments").split()
        self.assertTrue(any(c in text for c in commits))

    def test_the_index_shows_the_portfolio(self):
        text = self.page("index.html")
        for part in ["Running", "Overdue", "Recently concluded", "Next tests", "Month by month",
                     "Try fortnightly.", f"experiments/team/{self.follow}.html", "days left"]:
            self.assertIn(part, text)
        self.assertIn("<svg", self.page("stats.html"))
        self.assertIn("prefers-color-scheme:dark", self.page("style.css"))

    def test_the_feed_is_atom_that_feedparser_reads(self):
        try:
            import feedparser
        except ImportError:
            self.skipTest("feedparser is not installed (pip install feedparser)")
        feed = feedparser.parse(os.path.join(self.site, "feed.xml"))
        self.assertFalse(feed.bozo, feed.get("bozo_exception"))
        self.assertEqual(feed.version, "atom10")
        self.assertEqual(len(feed.entries), 1)
        entry = feed.entries[0]
        self.assertIn("Weekly demo to sponsors", entry.title)
        self.assertIn("validated", entry.title)
        self.assertTrue(entry.link.endswith(f"experiments/team/{self.first}.html"), entry.link)
        self.assertIn("Two of three sponsors", entry.summary)

    def test_a_rebuild_rewrites_only_what_changed(self):
        site = os.path.join(self.tmp, "incremental")
        self.repo.ff("site", "-o", site)
        stamps = {p: os.stat(os.path.join(site, p)).st_mtime_ns for p in pages(site)}
        again = self.repo.ff("site", "-o", site)
        self.assertIn(" 0 files written", again.stdout)
        self.assertEqual(stamps, {p: os.stat(os.path.join(site, p)).st_mtime_ns for p in pages(site)})
        self.repo.ff("note", self.follow, "The first fortnightly demo ran.")
        try:
            self.repo.ff("site", "-o", site)
            changed = {p for p in pages(site) if os.stat(os.path.join(site, p)).st_mtime_ns != stamps.get(p)}
            self.assertIn(f"experiments/team/{self.follow}.html", changed)
            self.assertNotIn(f"experiments/team/{self.gone}.html", changed)
            self.assertNotIn(f"experiments/team/{self.hostile}.html", changed)
            self.assertNotIn("style.css", changed)
            # An experiment removed from the repository loses its page, and nothing else goes.
            pathlib.Path(site, "mine.txt").write_text("kept")
            path = json.loads(self.repo.ff("show", "--json", self.gone).stdout)["path"]
            self.repo.git("rm", "-q", path)
            self.repo.git("commit", "-q", "--no-verify", "-m", "Remove the survey")
            self.repo.ff("site", "-o", site)
            self.assertFalse(os.path.exists(os.path.join(site, f"experiments/team/{self.gone}.html")))
            self.assertTrue(os.path.exists(os.path.join(site, "mine.txt")))
        finally:
            self.repo.git("reset", "-q", "--hard", "HEAD~1") if "Remove the survey" in self.repo.git("log", "-1", "--format=%s") else None

    def test_bad_output_folders_are_refused(self):
        f = os.path.join(self.tmp, "a-file")
        pathlib.Path(f).write_text("x")
        for bad in [f, os.path.join(self.repo.path, ".git", "site")]:
            r = self.repo.ff("site", "-o", bad, check=False)
            self.assertNotEqual(r.returncode, 0, bad)
            self.assertRegex(r.stderr, r"^ff: ")
            self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
        # A link planted where the site writes a folder is not followed.
        site = os.path.join(self.tmp, "linked")
        os.makedirs(site)
        elsewhere = os.path.join(self.tmp, "elsewhere")
        os.makedirs(elsewhere)
        os.symlink(elsewhere, os.path.join(site, "experiments"))
        r = self.repo.ff("site", "-o", site, check=False)
        self.assertNotEqual(r.returncode, 0)
        self.assertEqual(os.listdir(elsewhere), [])


class SiteOfManyRepositories(unittest.TestCase):
    def test_sources_paths_bare_missing_colliding_and_site_yaml(self):
        tmp = tempfile.mkdtemp(prefix="ff-sites")
        try:
            env = environment(os.path.join(tmp, "home"))
            os.makedirs(env["HOME"])
            payments = Repo(tmp, "payments", env)
            first, follow, _, _ = payments.lifecycle()
            web = Repo(tmp, "web", env)
            web_id = web.new("Pricing FAQ above the fold")
            bare = os.path.join(tmp, "web.git")
            subprocess.run(["git", "clone", "-q", "--bare", web.path, bare], env=env, check=True)
            twin = os.path.join(tmp, "payments-twin")
            subprocess.run(["git", "clone", "-q", payments.path, twin], env=env, check=True)
            hub = Repo(tmp, "hub", env)
            site = os.path.join(tmp, "site")
            r = hub.ff("site", "-o", site, "--source", payments.path, "--source", bare, "--source",
                       os.path.join(tmp, "nowhere"), "--source", twin)
            self.assertIn("skipped the source nowhere", r.stderr)
            # A URL that would have git run a command is not fetched.
            marker = os.path.join(tmp, "ran")
            ext = hub.ff("site", "-o", os.path.join(tmp, "ext"), "--source", f"ext::sh -c touch% {marker}", check=False)
            self.assertEqual(ext.returncode, 0, ext.stderr)
            self.assertIn("skipped the source", ext.stderr)
            self.assertFalse(os.path.exists(marker))
            self.assertIn("3 repositories", r.stdout)
            files = pages(site)
            self.assertIn(f"experiments/payments/{first}.html", files)
            self.assertIn(f"experiments/web/{web_id}.html", files)
            # The same ids in two repositories stay two experiments.
            self.assertIn(f"experiments/payments-twin/{first}.html", files)
            index = pathlib.Path(site, "index.html").read_text()
            self.assertIn(f"payments/{follow}", index)
            self.assertIn(f"payments-twin/{follow}", index)
            self.assertTrue(os.path.isdir(os.path.join(hub.path, ".git", "ff", "sources", "payments", ".git")))

            # A new commit in one source: the rebuild fetches it and rewrites its pages alone.
            stamps = {p: os.stat(os.path.join(site, p)).st_mtime_ns for p in pages(site)}
            payments.ff("note", follow, "Fortnightly demo one ran.")
            hub.ff("site", "-o", site, "--source", payments.path, "--source", bare, "--source", twin)
            changed = {p for p in pages(site) if os.stat(os.path.join(site, p)).st_mtime_ns != stamps.get(p)}
            self.assertIn(f"experiments/payments/{follow}.html", changed)
            self.assertNotIn(f"experiments/payments-twin/{follow}.html", changed)
            self.assertNotIn(f"experiments/web/{web_id}.html", changed)
            self.assertIn("Fortnightly demo one ran.", pathlib.Path(site, f"experiments/payments/{follow}.html").read_text())

            # .ff/site.yaml, committed: names and a title.
            os.makedirs(os.path.join(hub.path, ".ff"), exist_ok=True)
            pathlib.Path(hub.path, ".ff", "site.yaml").write_text(
                "title: Acme learning\nsources:\n  - name: Payments team\n    url: ../payments\n  - name: Web\n    url: ../web.git\n")
            hub.git("add", ".ff/site.yaml")
            hub.git("commit", "-q", "-m", "The site's sources")
            named = os.path.join(tmp, "named")
            hub.ff("site", "-o", named)
            index = pathlib.Path(named, "index.html").read_text()
            self.assertIn("Acme learning", index)
            self.assertIn("Payments team", index)
            self.assertIn(f"experiments/payments-team/{first}.html", pages(named))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


class SiteInABrowser(unittest.TestCase):
    """Chromium through Selenium and chromedriver, from file:// and from a sub-path over HTTP."""

    def test_links_console_requests_and_width(self):
        try:
            from selenium import webdriver
            from selenium.webdriver.common.by import By
        except ImportError:
            self.skipTest("selenium is not installed (pip install selenium)")
        driver_path = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None)
        browser = next((b for b in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"] if os.path.exists(b)), None)
        if not driver_path or not browser:
            self.skipTest("chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)")
        tmp = tempfile.mkdtemp(prefix="ff-site-browser")
        server = None
        try:
            env = environment(os.path.join(tmp, "home"))
            os.makedirs(env["HOME"])
            repo = Repo(tmp, "team", env)
            first, follow, _, hostile = repo.lifecycle()
            served = os.path.join(tmp, "www")
            site = os.path.join(served, "sub", "learning")
            repo.ff("site", "-o", site)
            server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=served))
            threading.Thread(target=server.serve_forever, daemon=True).start()

            from selenium.webdriver.chrome.options import Options
            from selenium.webdriver.chrome.service import Service
            options = Options()
            options.binary_location = browser
            for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=800,900", "--no-first-run",
                      f"--user-data-dir={os.path.join(tmp, 'profile')}"]:
                options.add_argument(a)
            options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
            driver = webdriver.Chrome(service=Service(driver_path), options=options)
            try:
                for base in [pathlib.Path(site).as_uri() + "/", f"http://127.0.0.1:{server.server_port}/sub/learning/"]:
                    driver.get(base + "index.html")
                    self.assertIn("team", driver.title)
                    driver.find_element(By.CSS_SELECTOR, f'a[href="experiments/team/{first}.html"]').click()
                    self.assertTrue(driver.current_url.endswith(f"/experiments/team/{first}.html"), driver.current_url)
                    self.assertIn("Weekly demo to sponsors", driver.find_element(By.TAG_NAME, "h1").text)
                    driver.find_element(By.CSS_SELECTOR, f'a[href="{follow}.html"]').click()
                    self.assertIn("Fortnightly demo", driver.find_element(By.TAG_NAME, "h1").text)
                    driver.find_element(By.CSS_SELECTOR, f'a[href="{first}.html"]').click()
                    self.assertTrue(driver.current_url.endswith(f"{first}.html"))
                    for rel in ["index.html", "timeline.html", "stats.html", f"experiments/team/{first}.html",
                                f"experiments/team/{hostile}.html"]:
                        driver.get(base + rel)
                        width = driver.execute_script("return document.documentElement.scrollWidth")
                        inner = driver.execute_script("return window.innerWidth")
                        self.assertLessEqual(width, inner, f"{rel} scrolls sideways at {inner} px")
                        self.assertEqual(driver.execute_script("return window.__xss || 0"), 0)
                    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
                    self.assertEqual(errors, [], f"console errors from {base}")
                    requested = set()
                    for entry in driver.get_log("performance"):
                        message = json.loads(entry["message"])["message"]
                        if message.get("method") == "Network.requestWillBeSent":
                            requested.add(message["params"]["request"]["url"])
                    # Network requests (the browser's own chrome:// pages are not the site's).
                    network = [u for u in requested if urllib.parse.urlparse(u).scheme in ("http", "https", "ws", "wss", "ftp")]
                    foreign = [u for u in network if not u.startswith(f"http://127.0.0.1:{server.server_port}/")]
                    self.assertEqual(foreign, [], "requests to another host")
            finally:
                driver.quit()
        finally:
            if server:
                server.shutdown()
            shutil.rmtree(tmp, ignore_errors=True)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


if __name__ == "__main__":
    if not os.access(FF, os.X_OK):
        print(f"test_site: no ff at {FF} (swift build, or set FF)", file=sys.stderr)
        sys.exit(1)
    unittest.main(verbosity=2)
