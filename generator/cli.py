"""The `sitegen` command line: argument parsing only.

Each command imports its implementation lazily so that `sitegen --help` starts fast; the
daily commands (the pre-commit hook's `check --staged` among them) usually do not even import
Click: generator/fastcli.py reads their plain command lines and hands anything else to `main` here.
"""

from __future__ import annotations

if __name__ == "__main__":  # `python -m generator.cli`: a daily command line skips Click (see fastcli)
    from generator.fastcli import main as fast_main

    fast_main()

import datetime as dt
import sys
from pathlib import Path

import click

from generator import clizh
from generator.errors import run_guarded

clizh.install()


def _parse_day(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"日期应写成 YYYY-MM-DD，例如 2026-11-20，而不是 {value!r}") from None


today_option = click.option(
    "--today",
    callback=_parse_day,
    metavar="YYYY-MM-DD",
    help="规则和构建所采用的“今天”（默认：系统日期）",
)
root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="目录",
    help="站点仓库根目录（默认：当前目录所在的 git 仓库）",
)


@click.group(cls=clizh.Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="sitegen", message="%(prog)s，版本 %(version)s")
def main() -> None:
    """sitegen：审批留痕于 git 的政府网站静态站点生成器。"""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[路径]...")
@click.option("--staged", is_flag=True, help="检查 git 暂存区中的文本（pre-commit 钩子使用）")
@click.option("--release", is_flag=True, help="发布检查：每篇文章都必须完成全部审批")
@click.option("--strict", is_flag=True, help="警告也视为错误")
@click.option("--commits", metavar="A..B", help="同时按 GH 规则检查这些提交的历史")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="输出格式")
@click.option("--rev", metavar="提交", help="检查某个提交中的文件而不是工作区（裸仓库的 pre-receive 钩子使用）")
@click.option("--target", metavar="提交", help="合并请求的目标分支最新提交：索引号不得与其中的其他文章重复")
@today_option
@root_option
def check(
    paths: tuple[Path, ...],
    staged: bool,
    release: bool,
    strict: bool,
    commits: str | None,
    fmt: str,
    rev: str | None,
    target: str | None,
    today: dt.date | None,
    root: Path | None,
) -> None:
    """检查文章和两张“地图”（columns.yaml、departments.yaml）。"""

    def run() -> int:
        from generator.commands.check import run_check

        return run_check(
            paths=paths,
            staged=staged,
            release=release,
            strict=strict,
            commits=commits,
            fmt=fmt,
            today=today,
            root=root,
            rev=rev,
            target=target,
        )

    sys.exit(run_guarded(run))


@main.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="目录",
    help="输出目录（默认：build/）",
)
@click.option("--no-search", is_flag=True, help="不生成站内搜索索引（也可设置 SITEGEN_NO_SEARCH=1）")
@today_option
@root_option
def build(out: Path | None, no_search: bool, today: dt.date | None, root: Path | None) -> None:
    """发布检查通过后生成整个网站；出错时保留上一次的输出不变。"""

    def run() -> int:
        from generator.commands.build import run_build

        return run_build(out=out, today=today, root=root, search=False if no_search else None)

    sys.exit(run_guarded(run))


@main.command()
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, metavar="端口", help="端口")
@today_option
@root_option
def serve(port: int, today: dt.date | None, root: Path | None) -> None:
    """构建并在 127.0.0.1 上预览，文件变化时自动重建并刷新浏览器。"""

    def run() -> int:
        from generator.commands.serve import run_serve

        return run_serve(port=port, today=today, root=root)

    sys.exit(run_guarded(run))


@main.command()
@click.argument("column", metavar="栏目")
@click.option("--title", required=True, metavar="标题", help="文章标题")
@click.option("--slug", default=None, metavar="文件名", help="文件名（小写字母、数字和连字符；默认按日期生成）")
@today_option
@root_option
def new(column: str, title: str, slug: str | None, today: dt.date | None, root: Path | None) -> None:
    """在“栏目”中新建文章，并以当前联络员身份填好审批单。"""

    def run() -> int:
        from generator.commands.stamp import run_new

        return run_new(column=column, title=title, slug=slug, today=today, root=root)

    sys.exit(run_guarded(run))


@main.command()
@click.argument("path", type=click.Path(path_type=Path), metavar="[文章路径]", required=False)
@today_option
@root_option
def review(path: Path, today: dt.date | None, root: Path | None) -> None:
    """以当前 git 用户（按邮箱识别）签署“本单位领导审核”。"""

    def run() -> int:
        if path is None:  # no dead end: say what is waiting for this person to sign
            from generator.commands.status import run_waiting

            return run_waiting(stage="reviewed", today=today, root=root)
        from generator.commands.stamp import run_stamp

        return run_stamp(path=path, stage="reviewed", today=today, root=root)

    sys.exit(run_guarded(run))


@main.command()
@click.argument("path", type=click.Path(path_type=Path), metavar="[文章路径]", required=False)
@today_option
@root_option
def approve(path: Path, today: dt.date | None, root: Path | None) -> None:
    """以当前 git 用户（按邮箱识别）签署审批（办公厅发布人或主管局领导）。"""

    def run() -> int:
        if path is None:  # no dead end: say what is waiting for this person to sign
            from generator.commands.status import run_waiting

            return run_waiting(stage="approved", today=today, root=root)
        from generator.commands.stamp import run_stamp

        return run_stamp(path=path, stage="approved", today=today, root=root)

    sys.exit(run_guarded(run))


@main.command(name="import")
@click.argument("source", type=click.Path(path_type=Path), metavar="源文件")
@click.argument("column", metavar="栏目")
@click.option("--title", default=None, metavar="标题", help="文章标题（默认：Word 文档的标题或第一个一级标题）")
@click.option("--slug", default=None, metavar="文件名", help="文件名（小写字母、数字和连字符；默认按日期生成）")
@today_option
@root_option
def import_cmd(
    source: Path, column: str, title: str | None, slug: str | None, today: dt.date | None, root: Path | None
) -> None:
    """把 Word 文档（.docx）“源文件”导入为“栏目”中的新文章，并以当前联络员身份填好审批单。"""

    def run() -> int:
        from generator.commands.word_import import run_import

        return run_import(source=source, column=column, title=title, slug=slug, today=today, root=root)

    sys.exit(run_guarded(run))


@main.command()
@click.argument("path", type=click.Path(path_type=Path), metavar="文章路径")
@click.option("--reason", required=True, metavar="理由", help="撤稿理由（会公开显示在撤稿说明页上）")
@today_option
@root_option
def withdraw(path: Path, reason: str, today: dt.date | None, root: Path | None) -> None:
    """申请撤稿（本单位联络员）：经本单位领导审核、办公厅或主管局领导审批后，网页改为撤稿说明。"""

    def run() -> int:
        from generator.commands.lifecycle import run_withdraw

        return run_withdraw(path=path, reason=reason, today=today, root=root)

    sys.exit(run_guarded(run))


@main.command()
@click.argument("path", type=click.Path(path_type=Path), metavar="文章路径")
@click.option("--reason", default=None, metavar="理由", help="下线理由（会公开显示在下线说明页上）")
@click.option("--confirm", is_flag=True, help="事后确认他人的紧急下线（本单位领导或另一位办公厅人员）")
@today_option
@root_option
def takedown(path: Path, reason: str | None, confirm: bool, today: dt.date | None, root: Path | None) -> None:
    """紧急下线（第十七条，仅办公厅发布人），或以 --confirm 事后确认。"""

    def run() -> int:
        from generator.commands.lifecycle import run_takedown

        return run_takedown(path=path, reason=reason, confirm=confirm, today=today, root=root)

    sys.exit(run_guarded(run))


@main.command()
@click.option("--check", "check_only", is_flag=True, help="只检查 CODEOWNERS 是否与两张地图一致")
@root_option
def codeowners(check_only: bool, root: Path | None) -> None:
    """根据两张地图生成（或检查）CODEOWNERS 文件。"""

    def run() -> int:
        from generator.commands.codeowners import run_codeowners

        return run_codeowners(check_only=check_only, root=root)

    sys.exit(run_guarded(run))


@main.group(cls=clizh.Group)
def hooks() -> None:
    """管理本仓库的 git 钩子。"""


@hooks.command("install")
@root_option
def hooks_install(root: Path | None) -> None:
    """启用提交前检查钩子：取受保护分支上的 hooks/pre-commit，放在 .git 中，运行受保护分支上的检查程序。"""

    def run() -> int:
        from generator.commands.hooks import run_install

        return run_install(root=root)

    sys.exit(run_guarded(run))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="输出格式")
@today_option
@root_option
def status(fmt: str, today: dt.date | None, root: Path | None) -> None:
    """我的文章在各分支上的进度、等我审核或审批的文章、可以合并发布的分支，以及下一步命令。"""

    def run() -> int:
        from generator.commands.status import run_status

        return run_status(fmt=fmt, today=today, root=root)

    sys.exit(run_guarded(run))


@main.command()
@click.option("--mine", "mine_only", is_flag=True, help="只列出我可以新建、审核或审批文章的栏目")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="输出格式")
@today_option
@root_option
def columns(mine_only: bool, fmt: str, today: dt.date | None, root: Path | None) -> None:
    """列出栏目、所属单位和当前联络员；--mine 只列出我可以发布的栏目。"""

    def run() -> int:
        from generator.commands.columns import run_columns

        return run_columns(mine_only=mine_only, fmt=fmt, today=today, root=root)

    sys.exit(run_guarded(run))


@hooks.command("pre-receive")
@today_option
@root_option
def hooks_pre_receive(today: dt.date | None, root: Path | None) -> None:
    """服务器 pre-receive 钩子：从标准输入读取推送的引用更新并检查（hooks/pre-receive 调用）。"""

    def run() -> int:
        from generator.commands.receive import parse_updates, run_receive

        return run_receive(root=(root or Path.cwd()).resolve(), today=today, updates=parse_updates(sys.stdin.read()))

    sys.exit(run_guarded(run))


@main.command()
@click.argument("action", type=click.Choice(["setup", "show", "check"]))
@click.option(
    "--key",
    type=click.Path(path_type=Path),
    default=None,
    metavar="密钥文件",
    help="SSH 密钥（默认 ~/.ssh/id_ed25519）",
)
@click.option("--create", is_flag=True, help="密钥不存在时用 ssh-keygen 新建")
@click.option("--base", default=None, metavar="提交", help="核对登记所依据的受保护分支（默认 origin/main）")
@root_option
def keys(action: str, key: Path | None, create: bool, base: str | None, root: Path | None) -> None:
    """设置、显示和检查本人的提交签名密钥（setup / show / check）。"""

    def run() -> int:
        from generator.commands.keys import run_keys

        return run_keys(action=action, key=key, create=create, root=root, base=base)

    sys.exit(run_guarded(run))


@main.command(name="rules")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", help="输出格式")
def rules_cmd(fmt: str) -> None:
    """列出全部规则代码及其含义。"""

    def run() -> int:
        from generator.commands.rules_doc import run_rules

        return run_rules(fmt=fmt)

    sys.exit(run_guarded(run))


out_option = click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="目录",
    help="报表输出目录（默认：reports/；不得位于 build/ 等网站目录中）",
)
format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "csv"]),
    default=None,
    help="只生成一种格式（默认 HTML 和 CSV 都生成）",
)


@main.group()
def report() -> None:
    """办公厅报表（第六、十、二十条）：HTML（含图表）和 CSV，不进入网站。"""


def _report(
    kind: str, period: str | None, out: Path | None, fmt: str | None, today: dt.date | None, root: Path | None
) -> None:
    def run() -> int:
        from generator.commands.report import run_report

        return run_report(kind=kind, period=period, out=out, fmt=fmt, today=today, root=root)

    sys.exit(run_guarded(run))


@report.command("quarter")
@click.argument("quarter", metavar="季度")
@out_option
@format_option
@today_option
@root_option
def report_quarter(quarter: str, out: Path | None, fmt: str | None, today: dt.date | None, root: Path | None) -> None:
    """各单位本季度报送、采用情况通报，例如 sitegen report quarter 2026Q3。"""
    _report("quarter", quarter, out, fmt, today, root)


@report.command("liaisons")
@out_option
@format_option
@today_option
@root_option
def report_liaisons(out: Path | None, fmt: str | None, today: dt.date | None, root: Path | None) -> None:
    """网站联络员备案情况：现任、历史、空缺（按工作日计）。"""
    _report("liaisons", None, out, fmt, today, root)


@report.command("year")
@click.argument("year", metavar="年份")
@out_option
@format_option
@today_option
@root_option
def report_year(year: str, out: Path | None, fmt: str | None, today: dt.date | None, root: Path | None) -> None:
    """年度网站联络员考核评比，例如 sitegen report year 2026。"""
    _report("year", year, out, fmt, today, root)


@report.command("remuneration")
@click.argument("quarter", metavar="季度")
@out_option
@format_option
@today_option
@root_option
def report_remuneration(
    quarter: str, out: Path | None, fmt: str | None, today: dt.date | None, root: Path | None
) -> None:
    """本季度采用稿件的稿费明细（标准见 site.yaml 的 remuneration）。"""
    _report("remuneration", quarter, out, fmt, today, root)


@main.command()
@click.option(
    "--site",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="目录",
    help="已生成的网站目录（默认：build/）",
)
@out_option
@format_option
@today_option
@root_option
def inspect(site: Path | None, out: Path | None, fmt: str | None, today: dt.date | None, root: Path | None) -> None:
    """按政府网站检查指标自查；发现单项否决问题时退出码为 1。"""

    def run() -> int:
        from generator.commands.inspect import run_inspect

        return run_inspect(site=site, out=out, fmt=fmt, today=today, root=root)

    sys.exit(run_guarded(run))


if __name__ == "__main__":
    main()
