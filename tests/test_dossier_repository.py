"""A committee's own dossier repository, as the IT staff would set it up: the tool installed
from a wheel built from this checkout into a fresh virtual environment outside it, then
`checker init --example` in an empty folder, committed and pushed to a bare `origin`.

Everything then runs in real processes from that folder, with nothing of this checkout on
the path: the commands of the README the repository got, the shell steps of the GitHub
workflow and the GitLab file it got (with the wheel as CHECKER_PACKAGE), the site build and
export, and a commit stopped by its pre-commit hook.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from conftest import REPO

from checker.dossier.init_repo import EXAMPLE_BRANCH

TIMEOUT = 600
# What is not the project's source, at the checkout's top.
LEFT_OUT = (".git", ".venv", "build", "dist", "*.egg-info", "site", ".*cache")


@dataclass(frozen=True)
class Installed:
    venv: Path
    wheel: Path
    env: dict[str, str]
    origin: Path
    base: Path

    def run(
        self, *command: str, cwd: Path, check: bool = True, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            command,
            cwd=cwd,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        assert "Traceback" not in done.stderr, done.stderr
        if check:
            assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
        return done

    def shell(
        self, script: str, cwd: Path, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return self.run("bash", "-euo", "pipefail", "-c", script, cwd=cwd, env=env)

    def clone(self, name: str) -> Path:
        target = self.base / name
        self.run("git", "clone", "-q", str(self.origin), str(target), cwd=self.base)
        return target


def _clean_env(venv: Path, home: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "VIRTUAL_ENV", "CHECKER_SCHEMAS", "GITHUB_STEP_SUMMARY")
        and not key.startswith(("GIT_", "PRE_COMMIT"))
    }
    env.update(
        PATH=f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        VIRTUAL_ENV=str(venv),
        HOME=str(home),
        PRE_COMMIT_HOME=str(home / "pre-commit"),
        NO_MKDOCS_2_WARNING="1",
        GIT_AUTHOR_NAME="信息化人员",
        GIT_AUTHOR_EMAIL="it@example.cn",
        GIT_COMMITTER_NAME="信息化人员",
        GIT_COMMITTER_EMAIL="it@example.cn",
        GIT_CONFIG_GLOBAL=str(home / "gitconfig"),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
    )
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("dossier-repository")
    python = sys.executable
    # setuptools builds in the source's build/ and never empties it: a module moved away
    # would still ship from there. Build from a copy of the working tree instead.
    source = base / "source"
    at_top = shutil.ignore_patterns(*LEFT_OUT)
    shutil.copytree(
        REPO,
        source,
        ignore=lambda folder, names: at_top(folder, names) if Path(folder) == REPO else set(),
    )
    subprocess.run(
        [python, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(base / "dist"), str(source)],
        check=True,
        capture_output=True,
        timeout=TIMEOUT,
    )
    (wheel,) = (base / "dist").glob("dossier_checker-*.whl")
    venv = base / "venv"
    subprocess.run([python, "-m", "venv", str(venv)], check=True, timeout=TIMEOUT)
    home = base / "home"
    home.mkdir()
    (home / "gitconfig").write_text("[init]\n\tdefaultBranch = main\n", "utf-8")
    env = _clean_env(venv, home)
    subprocess.run(
        [str(venv / "bin/python"), "-m", "pip", "install", "-q", str(wheel)],
        check=True,
        capture_output=True,
        env=env,
        timeout=TIMEOUT,
    )
    inst = Installed(venv, wheel, env, base / "origin.git", base)
    # The checker that runs is the installed one, and nothing of this checkout is importable.
    where = inst.run(
        str(venv / "bin/python"),
        "-c",
        "import checker, sys; print(checker.__file__); print('\\n'.join(sys.path))",
        cwd=base,
    ).stdout.splitlines()
    assert Path(where[0]).is_relative_to(venv), where[0]
    assert not any(entry and Path(entry).resolve().is_relative_to(REPO) for entry in where[1:])

    repo = base / "repo"
    done = inst.run("checker", "init", str(repo), "--example", cwd=base)
    assert "已在" in done.stdout
    inst.run("git", "init", "-q", cwd=repo)
    inst.run("git", "add", ".", cwd=repo)
    inst.run("git", "commit", "-q", "-m", "台账仓库", cwd=repo)
    inst.run("git", "init", "-q", "--bare", str(inst.origin), cwd=base)
    inst.run("git", "remote", "add", "origin", str(inst.origin), cwd=repo)
    inst.run("git", "push", "-q", "-u", "origin", "main", cwd=repo)
    return inst


def test_checker_and_site_work_in_the_new_repository(installed: Installed) -> None:
    repo = installed.clone("main-checks")
    checked = installed.run("checker", "validate", cwd=repo)
    assert "检查了 2 份台账，没有发现问题" in checked.stderr
    scored = installed.run("checker", "score", cwd=repo)
    assert EXAMPLE_BRANCH in scored.stdout
    installed.run("mkdocs", "build", "--strict", cwd=repo)
    home = (repo / "site" / "index.html").read_text("utf-8")
    assert "Content-Security-Policy" in home and "fonts.googleapis" not in home
    assert (repo / "site" / "assets/dossier/dossier.css").is_file()
    # The export builds with plain MkDocs, without the plugin.
    installed.run("checker", "site", "export", str(installed.base / "export"), cwd=repo)
    exported = yaml.safe_load((installed.base / "export/mkdocs.yml").read_text("utf-8"))
    assert all("dossier" not in str(entry) for entry in exported["plugins"])
    installed.run("mkdocs", "build", "--strict", cwd=installed.base / "export")
    assert (installed.base / "export/site/index.html").is_file()
    # What the build and checks left behind is ignored by git: the clone stays clean.
    status = installed.run("git", "status", "--porcelain", cwd=repo).stdout
    assert status == "", status


def _change_a_dossier(installed: Installed, repo: Path, branch: str) -> None:
    """A secretary's change on a branch: the 2025 summary grows a paragraph."""
    installed.run("git", "switch", "-q", "-c", branch, cwd=repo)
    summary = repo / "branches" / EXAMPLE_BRANCH / "2025" / "summary.md"
    summary.write_text(summary.read_text("utf-8") + "\n全年组织志愿服务十二次。\n", "utf-8")
    installed.run("git", "commit", "-q", "-am", "补充年度总结", cwd=repo)


def _github(repo: Path) -> dict:
    return yaml.safe_load((repo / ".github/workflows/dossier.yml").read_text("utf-8"))


def _run_steps(installed: Installed, repo: Path, steps: list[dict], env: dict[str, str]) -> str:
    """The shell steps of a job, in order; `uses:` steps are the host's own actions."""
    output = []
    for step in steps:
        if "run" not in step:
            continue
        script = step["run"].replace("${{ github.base_ref }}", "main")
        assert "${{" not in script, script  # every expression a step uses is filled here
        output.append(installed.shell(script, repo, env).stdout)
    return "\n".join(output)


def test_github_workflow_steps_pass(installed: Installed) -> None:
    repo = installed.clone("github")
    workflow = _github(repo)
    env = {k: str(v) for k, v in workflow["env"].items()}
    env["CHECKER_PACKAGE"] = str(installed.wheel)
    # Push to main: validate everything, build the site.
    _run_steps(installed, repo, workflow["jobs"]["site"]["steps"], env)
    assert (repo / "site" / "index.html").is_file()
    # A pull request: check and score what changed against the target branch.
    _change_a_dossier(installed, repo, "summary-2025")
    summary = repo / "step-summary.md"
    out = _run_steps(
        installed,
        repo,
        workflow["jobs"]["changes"]["steps"],
        {**env, "GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert EXAMPLE_BRANCH in out and EXAMPLE_BRANCH in summary.read_text("utf-8")
    assert (repo / "checker.sarif").is_file() and (repo / "checker-junit.xml").is_file()


def test_gitlab_jobs_pass(installed: Installed) -> None:
    repo = installed.clone("gitlab")
    config = yaml.safe_load((repo / ".gitlab-ci.yml").read_text("utf-8"))
    env = {k: str(v) for k, v in config["variables"].items()}
    env["CHECKER_PACKAGE"] = str(installed.wheel)
    env["CI_PROJECT_DIR"] = str(repo)
    before = config["default"]["before_script"]
    _change_a_dossier(installed, repo, "summary-2025")
    mr = {**env, "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main"}
    for line in before + config["dossier-changes"]["script"]:
        installed.shell(line, repo, mr)
    assert EXAMPLE_BRANCH in (repo / "checker-summary.md").read_text("utf-8")
    installed.run("git", "switch", "-q", "main", cwd=repo)
    for line in before + config["pages"]["script"]:
        installed.shell(line, repo, env)
    assert (repo / "public" / "index.html").is_file()


def _readme_commands(readme: str) -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", readme, flags=re.S)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


def test_every_command_of_the_readme_works_as_written(installed: Installed) -> None:
    repo = installed.clone("readme")
    commands = _readme_commands((repo / "README.md").read_text("utf-8"))
    assert len(commands) >= 8
    names = {command.split()[0] + " " + command.split()[1] for command in commands}
    for expected in ("checker new", "checker template", "checker import", "checker ingest"):
        assert expected in names
    for command in commands:
        installed.shell(command, repo)
    # The git route ended in a pushed branch with a new year that the CI step accepts.
    branches = installed.run("git", "branch", "-r", cwd=repo).stdout
    assert f"origin/{EXAMPLE_BRANCH}-2026" in branches


def test_pre_commit_stops_a_commit_that_deletes_cited_evidence(installed: Installed) -> None:
    pre_commit = Path(sys.executable).with_name("pre-commit")
    if not pre_commit.exists():
        pytest.fail("pre-commit is a test dependency: pip install -e '.[test]'")
    repo = installed.clone("hook")
    installed.run(str(pre_commit), "install", cwd=repo)
    year = repo / "branches" / EXAMPLE_BRANCH / "2025"
    cited = sorted((year / "evidence").iterdir())[0]
    head = installed.run("git", "rev-parse", "HEAD", cwd=repo).stdout
    installed.run("git", "rm", "-q", str(cited.relative_to(repo)), cwd=repo)
    done = installed.run("git", "commit", "-m", "删除材料", cwd=repo, check=False)
    assert done.returncode != 0
    said = done.stdout + done.stderr
    assert "E001" in said and f"branches/{EXAMPLE_BRANCH}/2025/dossier.yaml:" in said
    assert installed.run("git", "rev-parse", "HEAD", cwd=repo).stdout == head
    # Put back, an unrelated change goes through.
    installed.run("git", "reset", "-q", "--hard", cwd=repo)
    (repo / "docs" / "about.md").write_text("# 关于本站\n\n本工委的说明。\n", "utf-8")
    installed.run("git", "commit", "-q", "-am", "修改说明", cwd=repo)
    assert installed.run("git", "rev-parse", "HEAD", cwd=repo).stdout != head


def test_nothing_of_the_checkout_was_used(installed: Installed) -> None:
    """The site's templates and the example came from the wheel's copies."""
    site_packages = next(installed.venv.glob("lib/python3*/site-packages"))
    assert (site_packages / "checker/_theme/main.html").is_file()
    assert (site_packages / "checker/_example/organization.yaml").is_file()
    assert not (site_packages / "checker/_theme/docs").exists()
    shutil.rmtree(installed.base / "export", ignore_errors=True)
