#!/usr/bin/env python3
"""Checks that the manual page bufferlab(1) tells the truth about the program's options.

    python3 tests/docs/check_manpage.py BUFFERLAB_EXECUTABLE resources/man/bufferlab.1

Runs `bufferlab --help` and `bufferlab COMMAND --help` for every command that `bufferlab --help`
lists under "Commands:", and checks the page against them:

- every command has its own `.SS COMMAND` and a line in SYNOPSIS;
- every option a command's --help lists has an entry (a `.TP` whose tag names it, with the same
  short form and argument name) in that command's `.SS`, and the program's own options in OPTIONS;
- no entry, and no mention anywhere in a command's `.SS`, names an option its --help does not list
  (a stale option);
- each "(default X)" and each "A to B" range in an option's help appears in its entry;
- an example line `bufferlab COMMAND --option ...` uses only options of that command;
- `man --warnings` (as lintian runs it) and `groff -ww` print no warnings, where they are installed.

Prints what it checked; exits 1 with one line per problem if anything is wrong.
"""
import os
import re
import shutil
import subprocess
import sys

TIMEOUT = 30  # seconds for every program this runs

OPTION = re.compile(r"(?<![\w-])(--?[A-Za-z][\w-]*)")
LONG_OPTION = re.compile(r"(?<![\w-])(--[A-Za-z][\w-]*)")
DEFAULT = re.compile(r"\(default ([^)]*)\)")
RANGE = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?) to (\d+(?:\.\d+)?)(?![\w.])")

problems = []


def problem(message):
    problems.append(message)
    print(f"FAIL: {message}")


# --- The program's help ------------------------------------------------------------------------


def run_help(binary, *arguments):
    command = [binary, *arguments, "--help"]
    environment = dict(os.environ)
    environment.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT,
                                env=environment)
    except subprocess.TimeoutExpired:
        sys.exit(f"error: '{' '.join(command)}' did not end within {TIMEOUT} s")
    except OSError as error:
        sys.exit(f"error: cannot run '{' '.join(command)}': {error}")
    if result.returncode != 0:
        sys.exit(f"error: '{' '.join(command)}' exited with {result.returncode}: {result.stderr.strip()}")
    return result.stdout


def block(help_text, heading):
    """The lines under `heading` (such as "Options:") up to the next blank line."""
    lines = help_text.splitlines()
    try:
        start = lines.index(heading) + 1
    except ValueError:
        return []
    result = []
    for line in lines[start:]:
        if not line.strip():
            break
        result.append(line)
    return result


def parse_commands(help_text):
    commands = []
    for line in block(help_text, "Commands:"):
        match = re.match(r"^  (\S+)\s", line)
        if match:
            commands.append(match.group(1))
    return commands


def parse_options(help_text):
    """{"--long": {"short": ["-h"], "value": "N" or "", "help": "the description"}} from "Options:".

    An option starts at column 2 with a dash; deeper-indented lines continue its description (and
    may themselves start with an option name, as in "even with\\n   --json").
    """
    options = {}
    current = None
    for line in block(help_text, "Options:"):
        if re.match(r"^  -", line):
            spec, _, description = line.strip().partition("  ")
            names = OPTION.findall(spec)
            value = re.search(r"<([^>]+)>", spec)
            longs = [name for name in names if name.startswith("--")]
            if not longs:
                current = None
                continue
            current = {
                "short": [name for name in names if not name.startswith("--")],
                "value": value.group(1) if value else "",
                "help": description.strip(),
            }
            for name in longs:
                options[name] = current
        elif current is not None:
            current["help"] += " " + line.strip()
    return options


# --- The manual page ---------------------------------------------------------------------------

ESCAPES = [
    (re.compile(r"\\f(\[[^\]]*\]|\(..|.)"), ""),  # font changes
    (re.compile(r"\\\(dq"), '"'),
    (re.compile(r"\\\((em|en)"), "-"),
    (re.compile(r"\\\(.."), ""),
    (re.compile(r"\\[&%c:]"), ""),
    (re.compile(r"\\ "), " "),
    (re.compile(r"\\-"), "-"),
    (re.compile(r"\\e"), "\\\\"),
]

ALTERNATING = {"BR", "BI", "IB", "IR", "RB", "RI"}
SPACED = {"B", "I", "R", "SB", "SM"}


def plain(text):
    for pattern, replacement in ESCAPES:
        text = pattern.sub(replacement, text)
    return text


def macro_arguments(text):
    """Splits a macro's arguments as troff does: on spaces, with "quoted" arguments kept whole."""
    arguments = []
    for match in re.finditer(r'"((?:[^"]|"")*)"?|(\S+)', text):
        arguments.append(match.group(1).replace('""', '"') if match.group(1) is not None
                         else match.group(2))
    return arguments


def parse_page(path):
    """The page as a list of (macro, text): macro is "" for a text line; font macros become text."""
    with open(path, encoding="utf-8") as page:
        source = page.read().splitlines()
    lines = []
    for line in source:
        if re.match(r"^[.']\s*\\\"", line):
            continue  # a comment
        match = re.match(r"^[.']\s*([A-Za-z]+)\s*(.*)$", line)
        if not match:
            lines.append(("", plain(line)))
            continue
        name, rest = match.groups()
        arguments = [plain(argument) for argument in macro_arguments(rest)]
        if name in SPACED:
            lines.append(("", " ".join(arguments)))
        elif name in ALTERNATING:
            lines.append(("", "".join(arguments)))
        else:
            lines.append((name, " ".join(arguments)))
    return lines


def sections(lines, macro):
    """{title: [lines]} for each .SH (up to the next .SH) or each .SS (up to the next .SS or .SH)."""
    result = {}
    title = None
    for name, text in lines:
        if name == macro:
            title = text.strip()
            result[title] = []
        elif name == "SH":
            title = None
        elif title is not None:
            result[title].append((name, text))
    return result


def entries(section_lines):
    """[(tag, body)] of the section's .TP entries at its own level (not those inside .RS ... .RE)."""
    result = []
    depth = 0
    tag_next = False
    current = None
    for name, text in section_lines:
        if name == "RS":
            depth += 1
        elif name == "RE":
            depth = max(0, depth - 1)
        if depth == 0 and name == "TP":
            tag_next = True
            current = None
            continue
        if depth == 0 and name in ("PP", "LP", "P"):
            current = None
            continue
        if tag_next:
            tag_next = False
            current = [text, []]
            result.append(current)
            continue
        if current is not None and not name:
            current[1].append(text)
    return [(tag.strip(), " ".join(" ".join(body).split())) for tag, body in result]


def text_of(section_lines):
    return " ".join(text for _, text in section_lines)


# --- The checks --------------------------------------------------------------------------------


def check_entries(where, help_options, section_lines):
    """Each of help_options has its entry in section_lines, and no entry or mention is stale."""
    documented = {}
    for tag, body in entries(section_lines):
        names = OPTION.findall(tag)
        if not any(name.startswith("--") for name in names):
            continue  # a .TP that is not an option, such as a strategy's name
        value = OPTION.sub("", tag).replace(",", " ").strip()
        for name in names:
            if name.startswith("--"):
                documented[name] = {"tag": tag, "names": names, "value": value, "body": body}

    for name, option in help_options.items():
        entry = documented.get(name)
        if entry is None:
            problem(f"{where}: {name} is in --help but has no entry (.TP {name} ...) in the page")
            continue
        for short in option["short"]:
            if short not in entry["names"]:
                problem(f"{where}: {name}: --help spells it with {short}, the page's entry "
                        f"'{entry['tag']}' does not")
        if entry["value"] != option["value"]:
            wanted = f"{name} {option['value']}".strip()
            problem(f"{where}: {name}: --help says '{wanted}', the page's entry says '{entry['tag']}'")
        for default in DEFAULT.findall(" ".join(option["help"].split())):
            if default not in entry["body"]:
                problem(f"{where}: {name}: --help says (default {default}); the page's entry does not "
                        f"say {default}")
        for low, high in RANGE.findall(option["help"]):
            if f"{low} to {high}" not in entry["body"]:
                problem(f"{where}: {name}: --help says {low} to {high}; the page's entry does not")

    for name in sorted(set(documented) - set(help_options)):
        problem(f"{where}: the page documents {name}, which --help does not list (a stale option)")
    for name in sorted(set(LONG_OPTION.findall(text_of(section_lines))) - set(help_options)
                       - set(documented)):
        problem(f"{where}: the page mentions {name}, which --help does not list (a stale option)")
    return len(documented.keys() & help_options.keys())


def check_examples(lines, command_options):
    """`bufferlab COMMAND ...` on one line (or one example continued with a backslash) uses only
    COMMAND's options."""
    joined = []
    pending = ""
    for name, text in lines:
        if name:
            if pending:
                joined.append(pending)
                pending = ""
            continue
        if text.rstrip().endswith("\\"):
            pending += text.rstrip()[:-1] + " "
        else:
            joined.append(pending + text)
            pending = ""
    if pending:
        joined.append(pending)
    commands = "|".join(re.escape(command) for command in command_options)
    checked = 0
    for text in joined:
        for match in re.finditer(rf"\bbufferlab\s+({commands})\b([^`;|]*)", text):
            command, rest = match.groups()
            checked += 1
            for name in LONG_OPTION.findall(rest):
                if name not in command_options[command]:
                    problem(f"example or mention '{' '.join(match.group(0).split())}': "
                            f"{name} is not an option of '{command}'")
    return checked


def check_renderers(page):
    """man as lintian runs it, and groff with every warning on: both must say nothing."""
    man = shutil.which("man")
    if man is None:
        print("man: man not found, skipped")
    else:
        environment = dict(os.environ, LC_ALL="C.UTF-8", MANROFFSEQ="", MANWIDTH="80")
        command = [man, "--warnings", "-E", "UTF-8", "-l", "-Tutf8", "-Z", page]
        try:
            result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                    text=True, timeout=TIMEOUT, env=environment)
        except subprocess.TimeoutExpired:
            problem(f"'{' '.join(command)}' did not end within {TIMEOUT} s")
        else:
            if result.stderr.strip():
                problem("man --warnings (lintian's check) printed:\n" + result.stderr.rstrip())
            else:
                print("man --warnings: nothing on stderr")
    groff = shutil.which("groff")
    if groff is None:
        print("groff: groff not found, skipped")
    else:
        command = [groff, "-man", "-ww", "-z", page]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            problem(f"'{' '.join(command)}' did not end within {TIMEOUT} s")
        else:
            output = (result.stdout + result.stderr).strip()
            if output or result.returncode != 0:
                problem(f"groff -man -ww printed (exit {result.returncode}):\n{output}")
            else:
                print("groff -man -ww: no warnings")


def main():
    if len(sys.argv) != 3:
        sys.exit(f"usage: {sys.argv[0]} BUFFERLAB_EXECUTABLE MANPAGE")
    binary, page = sys.argv[1], sys.argv[2]

    top_help = run_help(binary)
    commands = parse_commands(top_help)
    if not commands:
        sys.exit("error: 'bufferlab --help' lists no commands under \"Commands:\"")
    global_options = parse_options(top_help)
    command_options = {command: parse_options(run_help(binary, command)) for command in commands}

    lines = parse_page(page)
    top_sections = sections(lines, "SH")
    subsections = sections(lines, "SS")
    for required in ("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS", "EXIT STATUS"):
        if required not in top_sections:
            problem(f"the page has no .SH {required}")
    synopsis = [" ".join(text.split()) for _, text in top_sections.get("SYNOPSIS", [])]

    total = check_entries("bufferlab (OPTIONS)", global_options, top_sections.get("OPTIONS", []))
    print(f"bufferlab: {len(global_options)} option(s) in OPTIONS: {', '.join(global_options)}")
    for command in commands:
        if not any(re.search(rf"\bbufferlab {re.escape(command)}\b", line) for line in synopsis):
            problem(f"{command}: no 'bufferlab {command}' line in SYNOPSIS")
        titles = [title for title in subsections
                  if re.sub(r"^bufferlab\s+", "", title).split()[:1] == [command]]
        if not titles:
            problem(f"{command}: the page has no .SS {command}")
            continue
        options = command_options[command]
        documented = check_entries(f"bufferlab {command} (.SS {command})", options,
                                   subsections[titles[0]])
        total += documented
        print(f"{command}: {documented} of {len(options)} option(s) documented: {', '.join(options)}")

    examples = check_examples(lines, command_options)
    print(f"examples and mentions of 'bufferlab COMMAND --option': {examples} checked")
    check_renderers(page)

    if problems:
        print(f"\n{len(problems)} problem(s) in {page}; see above")
        return 1
    print(f"\nOK: {len(commands)} commands ({', '.join(commands)}), {total} options documented, "
          "none stale")
    return 0


if __name__ == "__main__":
    sys.exit(main())
