"""Hostile input, tried for real (issue 14): one regression test per defect, from its repro.

Reading-level checks of the same defects are beside the code they test (tests/reading,
tests/packs, tests/formats); these run the command line as CI would, mostly in a subprocess
because devices, FIFOs, stdin's inode and signals only exist for a real process.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from sharecheck.packs.loader import MAX_PATTERN_WORDS
from tests.conftest import FIXTURES, ROOT, early_help, write_json
from tests.limit_packs import limit_pack, line_of, word_rule

Cli = Callable[..., Result]
AS_OF = ("--as-of", "2026-06-01")
ENERGY = FIXTURES / "energy-rebates.json"


def sharecheck(
    *args: str, stdin: bytes | None = None, cwd: Path = ROOT, timeout: float = 120
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "sharecheck", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        timeout=timeout,
        check=False,
    )


def no_traceback(done: subprocess.CompletedProcess[bytes]) -> None:
    assert b"Traceback" not in done.stderr and b"Traceback" not in done.stdout, done.stderr.decode()


# 1. --output replaced device nodes and FIFOs with a regular file


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod needs root (as in CI containers)")
def test_output_to_a_character_device_writes_into_it_and_keeps_it(tmp_path: Path) -> None:
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    before = null.stat()
    done = sharecheck("check", str(ENERGY), "-o", str(null), *AS_OF)
    no_traceback(done)
    assert done.returncode == 0
    after = null.stat()
    assert stat.S_ISCHR(after.st_mode) and (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)


def test_output_to_a_fifo_writes_into_it_when_read_and_refuses_without_a_reader(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    refused = sharecheck("check", str(ENERGY), "-o", str(fifo), *AS_OF, timeout=60)
    assert refused.returncode == 2 and b"no process is reading" in refused.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    time.sleep(0.2)
    done = sharecheck("check", str(ENERGY), "-o", str(fifo), "--format", "json", *AS_OF, timeout=60)
    reader.join(timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(received[0])["summary"]["files"] == 1
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_regular_output_is_replaced_atomically_with_the_umask_mode(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    previous = os.umask(0o022)
    try:
        assert cli("check", str(ENERGY), "--format", "json", "-o", str(target), *AS_OF).exit_code == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644  # was 0600, tempfile's mode
    assert json.loads(target.read_text("utf-8"))["summary"]["files"] == 1
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary file left


# 2. An invalid escape in an object key crashed the reader and the whole batch


@pytest.mark.parametrize("jobs", ["1", "0"])
def test_an_invalid_key_escape_is_an_input_blocker_and_the_batch_goes_on(tmp_path: Path, jobs: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"\\uZZZZ": 1}')
    report = tmp_path / "x.json"
    done = sharecheck("check", str(bad), "fixtures/", "--format", "json", "-o", str(report), "--jobs", jobs, *AS_OF)
    no_traceback(done)
    assert done.returncode == 1
    results = json.loads(report.read_text("utf-8"))["results"]
    assert len(results) == 1 + len(list(FIXTURES.rglob("*.json")))
    (first,) = [r for r in results if r["file"] == str(bad)]
    (finding,) = first["findings"]
    assert (finding["rule"], finding["line"], finding["column"]) == ("SC-INPUT-001", 1, 2)


def test_an_invalid_key_escape_on_stdin() -> None:
    done = sharecheck("check", "-", stdin=b'{"\\q": 1}')
    no_traceback(done)
    assert done.returncode == 1 and b"-:1:2 blocker SC-INPUT-001" in done.stdout


# 3. The reader was quadratic (20 s for 64 KB); the benchmark shows the times, this the outcome


def test_the_quadratic_repro_is_one_clear_error(cli: Cli, tmp_path: Path) -> None:
    bsq = tmp_path / "bsq.json"
    bsq.write_text('\\"' * 32000)
    result = cli("check", str(bsq))
    assert result.exit_code == 1 and "SC-INPUT-001 invalid JSON" in result.stdout


# 5. File names were printed raw in text output


def test_control_characters_in_file_names_are_escaped_in_text_output(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "pr"
    folder.mkdir()
    for name in ("nl\n::error::INJECTED.json", "cr\rover.json", "esc\x1b[2Jclear.json"):
        (folder / name).write_bytes(ENERGY.read_bytes())
    (folder / "bad\n::error::X.json").write_text("{")
    out = cli("check", str(folder), *AS_OF).stdout
    assert "\r" not in out and "\x1b" not in out
    assert not any(line.startswith("::") for line in out.splitlines())
    assert "nl\\x0a::error::INJECTED.json: band" in out and "bad\\x0a::error::X.json:1:2 blocker" in out


# 6. Markdown: names inside <code> became links and remote images


def test_a_file_name_with_link_syntax_is_inert_in_markdown(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "pr"
    folder.mkdir()
    (folder / "[x](https:evil.example)![t](https:evil.example).json").write_bytes(ENERGY.read_bytes())
    out = cli("check", str(folder), "--format", "markdown", *AS_OF).stdout
    assert "](https:" not in out and "![t]" not in out and "[x]" not in out
    assert "&#91;x&#93;&#40;https&#58;evil.example&#41;&#33;&#91;t&#93;" in out


# 7. `check - -o p.json < p.json` overwrote the proposal


def test_the_output_may_not_be_the_file_on_stdin(tmp_path: Path) -> None:
    proposal = tmp_path / "p.json"
    proposal.write_bytes(ENERGY.read_bytes())
    with proposal.open("rb") as stdin:
        done = subprocess.run(
            [sys.executable, "-m", "sharecheck", "check", "-", "-o", str(proposal)],
            cwd=ROOT,
            stdin=stdin,
            capture_output=True,
            timeout=120,
            check=False,
        )
    assert done.returncode == 2 and b"read from stdin" in done.stderr
    assert proposal.read_bytes() == ENERGY.read_bytes()
    (tmp_path / "hard.json").hardlink_to(proposal)
    linked = sharecheck("check", str(proposal), "-o", str(tmp_path / "hard.json"))
    assert linked.returncode == 2 and proposal.read_bytes() == ENERGY.read_bytes()


# 8. The pack loader gave tracebacks (exit 1) on `<<`, a huge integer, a NUL in extends


@pytest.mark.parametrize(
    ("manifest", "where", "words"),
    [
        ('pack: {name: m, version: "1"}\nrules:\n  - <<: {id: SC-X-001}\n', "pack.yaml:3:5", "merge keys (`<<`)"),
        ("pack: {name: m, version: " + "9" * 5000 + "}\n", "pack.yaml:1:26", "5,000 digits"),
        ('pack: {name: m, version: "1", extends: "a\\0b"}\n', "pack.yaml:1:40", "NUL character"),
    ],
    ids=["merge-key", "huge-integer", "nul-in-extends"],
)
def test_a_hostile_pack_exits_2_at_file_line(cli: Cli, tmp_path: Path, manifest: str, where: str, words: str) -> None:
    (tmp_path / "pack.yaml").write_text(manifest)
    for args in (("rules", "lint", str(tmp_path)), ("check", str(ENERGY), "--rules", str(tmp_path))):
        result = cli(*args)
        assert result.exit_code == 2, result.output
        assert where in result.output and words in result.output


# 9. A `**` glob over a folder with a symlink loop never returned
# 10. Symlinks were followed out of the checked tree, and values from the target quoted
# 12. A FIFO was "no such file", or skipped silently in a folder


@pytest.fixture
def linked_tree(tmp_path: Path) -> Path:
    proposals = tmp_path / "repo" / "proposals"
    (proposals / "nested").mkdir(parents=True)
    (proposals / "a.json").write_bytes(ENERGY.read_bytes())
    (proposals / "nested" / "loop").symlink_to("..")
    (proposals / "nested" / "self").symlink_to(".")
    secret = early_help()
    secret["title"] = "AKIA-SECRET-TOKEN-1234"
    secret["data"]["datasets"][0]["fields"].append({"name": "AKIA-SECRET-FIELD", "special_category": "none"})
    write_json(tmp_path / "credentials.json", secret)
    (proposals / "x.json").symlink_to(tmp_path / "credentials.json")
    (proposals / "outside").symlink_to(tmp_path)
    os.mkfifo(proposals / "pipe.json")
    return tmp_path / "repo"


@pytest.mark.parametrize("pattern", ["proposals/**/*.json", "proposals", "**/*.json"])
def test_globs_and_folders_end_skip_nothing_silently_and_quote_nothing_from_outside(
    linked_tree: Path, pattern: str
) -> None:
    done = sharecheck("check", pattern, "--format", "json", *AS_OF, cwd=linked_tree, timeout=60)
    no_traceback(done)
    report = json.loads(done.stdout)
    by_file = {r["file"]: r for r in report["results"]}
    assert set(by_file) == {"proposals/a.json", "proposals/x.json", "proposals/pipe.json", "proposals/outside"}
    for link in ("proposals/x.json", "proposals/outside"):  # a file link and a folder link out: said, not read
        (leaving,) = by_file[link]["findings"]
        assert leaving["rule"] == "SC-INPUT-001" and "leads out of the folder" in leaving["message"]
    (fifo,) = by_file["proposals/pipe.json"]["findings"]
    assert "FIFO" in fifo["message"]
    assert b"AKIA" not in done.stdout
    sarif = sharecheck("check", pattern, "--format", "sarif", *AS_OF, cwd=linked_tree, timeout=60)
    assert b"AKIA" not in sarif.stdout


def test_a_named_fifo_is_read_like_a_pipe(tmp_path: Path) -> None:
    fifo = tmp_path / "p.json"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(ENERGY.read_bytes()))
    writer.start()
    done = sharecheck("check", str(fifo), *AS_OF, timeout=60)
    writer.join(timeout=60)
    assert done.returncode == 0 and b"band some_issues" in done.stdout


# 12. Messages: --as-of must be YYYY-MM-DD; rules test reads `base:` with the strict reader


@pytest.mark.parametrize("written", ["20260601", "2026-W23-1", "2026-6-1"])
def test_as_of_takes_only_yyyy_mm_dd(cli: Cli, written: str) -> None:
    result = cli("check", str(ENERGY), "--as-of", written)
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_waiver_expiry_without_as_of_follows_the_assessment_date(cli: Cli, tmp_path: Path) -> None:
    data = early_help()
    data["assessment_date"] = "2026-06-01"
    data["data"]["datasets"][0]["fields"].append({"name": "ethnicity", "special_category": "none"})
    data["waivers"] = [
        {"rule": "SC-SENSITIVE-002", "reason": "Board minute 14/2026", "approved_by": "SIRO", "expires": "2026-06-02"}
    ]
    target = write_json(tmp_path / "waived.json", data)
    report = json.loads(cli("check", str(target), "--format", "json").stdout)  # no --as-of: today is later
    rules = [f["rule"] for f in report["results"][0]["findings"]]
    assert "SC-WAIVER-001" not in rules  # judged on the assessment date, not the clock of the runner
    late = json.loads(cli("check", str(target), "--format", "json", "--as-of", "2026-06-03").stdout)
    assert "SC-WAIVER-001" in [f["rule"] for f in late["results"][0]["findings"]]


def test_rules_test_reads_the_base_proposal_with_the_strict_reader(cli: Cli, tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    (pack / "tests").mkdir(parents=True)
    (pack / "pack.yaml").write_text("pack: {name: strict, version: '1', extends: sharecheck}\n")
    (tmp_path / "dup.json").write_text('{"id": "a", "id": "b"}')
    (pack / "tests" / "cases.yaml").write_text(
        "base: ../../dup.json\ncases:\n  - name: x\n    fires: [SC-GATEWAY-001]\n"
    )
    result = cli("rules", "test", str(pack))
    assert result.exit_code == 2, result.output
    assert "cases.yaml:1:7" in result.output and "duplicate key 'id'" in result.output


# 13. --jobs left worker processes behind


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc to find the workers")
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_an_interrupted_parallel_run_leaves_no_worker(tmp_path: Path, signum: int) -> None:
    for index in range(3000):  # enough that the run is still going when the signal arrives, fast path or not
        (tmp_path / f"p{index:04d}.json").write_bytes(ENERGY.read_bytes())
    run = subprocess.Popen(
        [sys.executable, "-m", "sharecheck", "check", str(tmp_path), "--jobs", "2", *AS_OF],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while len(_children(run.pid)) < 2 and time.monotonic() < deadline and run.poll() is None:
        time.sleep(0.05)
    time.sleep(0.3)  # the workers start checking
    workers = _children(run.pid)
    if run.poll() is not None or len(workers) < 2:
        run.communicate(timeout=60)
        pytest.fail("the run ended, or its workers did not start, before it could be interrupted")
    run.send_signal(signum)
    _, stderr = run.communicate(timeout=60)
    assert b"Traceback" not in stderr
    assert run.returncode == (1 if signum == signal.SIGINT else 128 + signal.SIGTERM)
    time.sleep(0.5)
    assert [pid for pid in workers if _alive(pid)] == []


# 4 and 11. mentions_any with 600-1,000 words never finished; lint passed what check refuses


def _refused_alike(cli: Cli, folder: Path, where: str, words: str) -> None:
    lint = cli("rules", "lint", str(folder))
    assert lint.exit_code == 2 and where in lint.output and words in lint.output, lint.output
    started = time.monotonic()
    check = cli("check", str(ENERGY), "--rules", str(folder), *AS_OF)
    assert check.exit_code == 2 and where in check.output and time.monotonic() - started < 60


def test_600_mentions_any_words_are_refused_at_the_rule_by_lint_and_check(cli: Cli, tmp_path: Path) -> None:
    words = [f"keyword{i:04d}" for i in range(600)]
    rule = word_rule("ORG-WORDS-001", {"field": "purpose.statement", "mentions_any": words})
    folder = limit_pack(tmp_path / "words", [rule])
    _refused_alike(cli, folder, f"rules.yaml:{line_of(folder, 'ORG-WORDS-001')}:", f"at most {MAX_PATTERN_WORDS}")


def test_257_identical_rules_are_refused_at_the_257th(cli: Cli, tmp_path: Path) -> None:
    same = {"field": "data.confidential", "equals": True}
    folder = limit_pack(tmp_path / "same", [word_rule(f"ORG-SAME-{i:03d}", dict(same)) for i in range(257)])
    _refused_alike(cli, folder, f"rules.yaml:{line_of(folder, 'ORG-SAME-256')}:", "at most 256")


def test_a_100000_letter_word_is_refused_at_the_word(cli: Cli, tmp_path: Path) -> None:
    rule = word_rule("ORG-LONG-001", {"field": "purpose.statement", "mentions_any": ["a" * 100_000]})
    folder = limit_pack(tmp_path / "long", [rule])
    _refused_alike(cli, folder, "rules.yaml:", "at most 1,000")


def test_packs_at_the_limits_are_taken_by_the_engine(cli: Cli, tmp_path: Path) -> None:
    """The other half of "lint refuses what check refuses": what lint passes, check can run."""
    same = {"field": "data.confidential", "equals": True}
    bundled_words = 37  # the default pack's own mentions_any words count towards the limit
    rules = [word_rule(f"ORG-SAME-{i:03d}", dict(same)) for i in range(256)]
    rules.append(
        word_rule(
            "ORG-WORDS-001",
            {
                "field": "purpose.statement",
                "mentions_any": [f"kw{i:04d}" for i in range(MAX_PATTERN_WORDS - bundled_words - 1)],
            },
        )
    )
    rules.append(word_rule("ORG-LONG-001", {"field": "purpose.statement", "mentions_any": ["Z" * 1_000]}))
    folder = limit_pack(tmp_path / "edge", rules)
    lint = cli("rules", "lint", str(folder))
    assert "at most" not in lint.output, lint.output
    result = cli("check", str(ENERGY), "--rules", str(folder), "--engine", "durable", *AS_OF)
    assert result.exit_code in (0, 1), result.output
