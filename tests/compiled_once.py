"""What every app compiles the same way, compiled once per test process: its templates and its URL
builders. The suite builds an app per test (about 3,000); on a slow machine `create_app` took 74 ms,
nine tenths of it werkzeug compiling two URL builders per route, and an app's first page 69 ms more,
most of it Jinja compiling the templates again. With both kept: 19 ms and 34 ms."""

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from werkzeug.routing.rules import Rule


class KeptTemplates(BytecodeCache):
    """Jinja's compiled templates kept in memory, by template and source checksum: a changed
    template is compiled again."""

    def __init__(self) -> None:
        self.codes: dict[tuple[str, str], bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if (code := self.codes.get((bucket.key, bucket.checksum))) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.codes[(bucket.key, bucket.checksum)] = bucket.bytecode_to_string()


def kept_url_builders(compile_builder):
    """``Rule._compile_builder`` answering from what it built before for the same rule. A builder
    is made of the rule's parts (``_trace``: fixed text and the names of its variables) and the
    defaults that fill variables in; variables are converted at call time through the rule's own
    converters, so one builder serves every rule with the same parts."""
    built = {}

    def compiled(rule: Rule, append_unknown: bool = True):
        defaults = rule.defaults or {}
        filled = tuple(
            (name, rule._converters[name].to_url(value))
            for name, value in sorted(defaults.items())
            if name in rule._converters
        )
        key = (append_unknown, tuple(rule._trace), filled)
        if key not in built:
            built[key] = compile_builder(rule, append_unknown)
        return built[key]

    return compiled
