#!/usr/bin/env python3
"""Writes test/validation/drf-golden.json: Django REST Framework's own verdicts on a corpus of edge cases.

The serializers are built from the built-in account schema (schemas/account.schema.json) the same way the tool's
DRF engine reads it (src/validation/drf/): a string is a CharField (minLength >= 1: blank refused), `format`
date / date-time / email / decimal give DateField / DateTimeField / EmailField / DecimalField (max_digits and
decimal_places from drf-spectacular's pattern), `enum` a ChoiceField, integer / number / boolean the matching
fields, an object with properties a nested serializer, a list of objects `many=True`, a list of scalars a
ListField, a schema without a type a JSONField; `required` and `type: [T, "null"]` give required / allow_null.

Each case changes one value of the seed example (or deletes it, or replaces a whole list or object) and records
the errors DRF reports, flattened to Kraken's {attr, code, detail} list, and on success the value DRF keeps
(rendered to JSON the way DRF renders it), so that `npm test` can compare the tool against DRF without Python.

It also writes src/validation/drf/unicode-tables.ts: the Unicode data of this Python that DRF's verdicts depend on
(decimal digits, repr()'s printable characters, the stringprep tables of the IDNA 2003 codec), so that the tool
follows the server's Python rather than Node's newer Unicode.

Run it with Debian's packages (apt-get install python3-djangorestframework):
    /usr/bin/python3 scripts/drf-golden.py
"""
import copy
import datetime
import decimal
import json
import os
import re
import sys

import django
from django.conf import settings

settings.configure(USE_TZ=True, TIME_ZONE="UTC", USE_I18N=False, INSTALLED_APPS=["rest_framework"])
django.setup()

import pytz  # noqa: E402
import rest_framework  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework import serializers  # noqa: E402
from rest_framework.exceptions import ErrorDetail  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SCHEMA = json.load(open(os.path.join(ROOT, "schemas", "account.schema.json"), encoding="utf-8"))
SEED = json.load(open(os.path.join(ROOT, "fixtures", "seed-example.json"), encoding="utf-8"))
TYPES_SCHEMA = json.load(open(os.path.join(ROOT, "fixtures", "drf-field-types.schema.json"), encoding="utf-8"))
OUT = os.path.join(ROOT, "test", "validation", "drf-golden.json")
TABLES = os.path.join(ROOT, "src", "validation", "drf", "unicode-tables.ts")

DEFS = SCHEMA["$defs"]
DECIMAL_PATTERN = re.compile(r"^\^-\?\\d\{0,(\d+)\}\(\?:\\\.\\d\{0,(\d+)\}\)\?\$$")


def resolve(node):
    while "$ref" in node:
        node = DEFS[node["$ref"].split("/")[-1]]
    return node


def type_of(node):
    t = node.get("type")
    nullable = False
    if isinstance(t, list):
        nullable = "null" in t
        rest = [x for x in t if x != "null"]
        t = rest[0] if rest else None
    if "enum" in node and None in node["enum"]:
        nullable = True
    return t, nullable


def build_field(node, required, name):
    node = resolve(node)
    t, nullable = type_of(node)
    common = {"required": required, "allow_null": nullable}
    if node.get("readOnly"):
        common["read_only"] = True
        del common["required"]
    if "enum" in node:
        choices = [c for c in node["enum"] if c is not None]
        return serializers.ChoiceField(choices=choices, allow_blank="" in choices, **common)
    if t == "object" and "properties" in node:
        return build_serializer(node, name)(**common)
    if t == "object":
        # drf-spectacular writes a DictField() (whose default child takes anything, null too) as a bare object, and
        # a DictField(child=...) with the child's schema as additionalProperties.
        extra = node.get("additionalProperties")
        if not isinstance(extra, dict):
            return serializers.DictField(**common)
        return serializers.DictField(child=build_field(extra, True, name), **common)
    if t == "array":
        items = resolve(node["items"])
        allow_empty = node.get("minItems", 0) < 1
        lengths = {}
        if node.get("minItems", 0) > 1:
            lengths["min_length"] = node["minItems"]
        if "maxItems" in node:
            lengths["max_length"] = node["maxItems"]
        item_type, _ = type_of(items)
        if item_type == "object" and "properties" in items:
            return build_serializer(items, name)(many=True, allow_empty=allow_empty, **lengths, **common)
        return serializers.ListField(
            child=build_field(items, True, name), allow_empty=allow_empty, **lengths, **common
        )
    if t == "integer":
        return serializers.IntegerField(min_value=node.get("minimum"), max_value=node.get("maximum"), **common)
    if t is None and "properties" in node:
        return build_serializer(node, name)(**common)
    if t == "number":
        return serializers.FloatField(min_value=node.get("minimum"), max_value=node.get("maximum"), **common)
    if t == "boolean":
        return serializers.BooleanField(**common)
    if t == "string":
        fmt = node.get("format")
        if fmt == "date":
            return serializers.DateField(**common)
        if fmt == "date-time":
            return serializers.DateTimeField(**common)
        if fmt == "decimal":
            match = DECIMAL_PATTERN.match(node.get("pattern", ""))
            whole, places = (int(match.group(1)), int(match.group(2))) if match else (None, None)
            max_digits = whole + places if match else None
            return serializers.DecimalField(
                max_digits=max_digits,
                decimal_places=places,
                min_value=decimal.Decimal(str(node["minimum"])) if "minimum" in node else None,
                max_value=decimal.Decimal(str(node["maximum"])) if "maximum" in node else None,
                **common,
            )
        lengths = {}
        if "maxLength" in node:
            lengths["max_length"] = node["maxLength"]
        if node.get("minLength", 0) > 1:
            lengths["min_length"] = node["minLength"]
        allow_blank = node.get("minLength", 0) < 1
        if fmt == "email":
            return serializers.EmailField(allow_blank=allow_blank, **lengths, **common)
        return serializers.CharField(allow_blank=allow_blank, **lengths, **common)
    return serializers.JSONField(**common)


def build_serializer(node, name):
    node = resolve(node)
    required = set(node.get("required", []))
    fields = {key: build_field(child, key in required, key) for key, child in node["properties"].items()}
    return type(f"S_{name}", (serializers.Serializer,), fields)


Account = build_serializer(SCHEMA, "Account")


def flatten(errors, attr, out):
    """Kraken's flat error list: dotted attrs, list indices, `non_field_errors` kept as the last segment."""
    if isinstance(errors, dict):
        for key, value in errors.items():
            flatten(value, f"{attr}.{key}" if attr else str(key), out)
    elif isinstance(errors, list):
        if all(isinstance(e, ErrorDetail) for e in errors):
            for e in errors:
                out.append({"attr": attr, "code": e.code, "detail": str(e)})
        else:
            for index, value in enumerate(errors):
                flatten(value, f"{attr}.{index}" if attr else str(index), out)
    elif isinstance(errors, ErrorDetail):
        out.append({"attr": attr, "code": errors.code, "detail": str(errors)})


def render(value):
    """JSON of a validated value, as DRF's fields render it (to_representation)."""
    if isinstance(value, dict):
        return {k: render(v) for k, v in value.items()}
    if isinstance(value, list):
        return [render(v) for v in value]
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return {"$float": repr(value)}  # JSON has no NaN or infinities
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**53:
        return {"$int": str(value)}  # JSON.parse would lose digits: the tool keeps these as digit strings
    if isinstance(value, decimal.Decimal):
        return "{:f}".format(value)
    if isinstance(value, datetime.datetime):
        text = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def at(data, path):
    node = data
    for segment in path:
        if isinstance(node, list):
            if not isinstance(segment, int) or segment >= len(node):
                return ("missing",)
            node = node[segment]
        elif isinstance(node, dict):
            if segment not in node:
                return ("missing",)
            node = node[segment]
        else:
            return ("missing",)
    return ("value", node)


def apply(payload, path, op, value):
    data = copy.deepcopy(payload)
    if not path:
        return value if op == "set" else None
    node = data
    for segment in path[:-1]:
        node = node[segment]
    if op == "delete":
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return data


def verdict(case, serializer_class=None, base=None):
    path = case["path"]
    data = apply(SEED if base is None else base, path, case["op"], case.get("value"))
    serializer = (serializer_class or Account)(data=data)
    valid = serializer.is_valid()
    result = {"valid": valid}
    if not valid:
        errors = []
        flatten(serializer.errors, "", errors)
        result["errors"] = errors
    else:
        kept = at(render(serializer.validated_data), path)
        result["kept"] = kept[1] if kept[0] == "value" else {"$missing": True}
    return result


# --- the corpus ------------------------------------------------------------------------------------------------

ANY = [None, [], {}, ["a"], {"a": 1}, True, False]
CHAR = ["abc", "  padded  ", "\t tab\n", "   ", "", 8888888889, 12.5, 0, -7, 1e20, 1.5e-7, 1e16, 123456789012.5,
        "a\u0000b", "\ud800", "x\udfff", "line\nbreak", "é", "😀", "ǅ", "1", "null", "true"]
INTEGER = [240, "240", "240.0", " 240 ", "240.", "240.000", "240.5", 240.5, "1_000", "+5", "-1", -1, 0, "0", "",
           " ", "abc", "1e3", 1e3, "٣", "0x10", "00012", "5 5", "9" * 1001, "9" * 999, 1e300, 12345678901234567890,
           "12345678901234567890", True, False, "True", "-0", "\u00a05", "５"]
BOOLEAN = [True, False, "true", "True", "TRUE", "tRue", "yes", "Yes", "YES", "y", "Y", "on", "On", "ON", "1", 1,
           "t", "T", 0, "0", "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N", "f", "F",
           2, -1, 0.5, "maybe", "", " ", " true", "null", "Null", "None", 1e0]
DECIMAL = ["100.5", 100.5, "100", 100, "-200", "1e2", 1e2, "1E-2", "  12.5  ", ".5", "5.", "+5", "-0", "0.00",
           "1_000", "abc", "", " ", "NaN", "nan", "Infinity", "-Infinity", "inf", "sNaN", "1.123", "1.12345678901",
           "12345678901", "1234567890", "1234567890.1234567890", "12345678901.5", "0.0000000001",
           "0.00000000001", "1e10", "1e11", "9" * 1001, 1e-7, 1e20, 0.1, "١٢", True, False, "١.٥", "1,5"]
DATE = ["1988-08-08", "1988-8-8", "1988-08-08T00:00:00", "1988-02-30", "1988-02-29", "1996-02-29", "88-08-08",
        "", " ", " 1988-08-08", "1988-08-08 ", "1988-08-08\n", "19880808", 19880808, "1988/08/08", "٢٠٢٠-01-01",
        "1988-08-08Z", "10000-01-01", "0000-01-01", "0001-01-01", "1988-13-01", "1988-00-10", "1988-08-008",
        "+1988-08-08", True]
DATETIME = ["2020-01-01T10:00:00Z", "2020-01-01T10:00:00+01:00", "2020-01-01T10:00:00-05:30", "2020-01-01T10:00:00",
            "2020-01-01 10:00", "2020-01-01T10:00", "2020-01-01T10:00:00.123Z", "2020-01-01T10:00:00.1234567Z",
            "2020-01-01T10:00:00.1234567890123Z", "2020-01-01T10:00:00,5Z", "2020-01-01T10:00:00+0100",
            "2020-01-01T10:00:00+01", "2020-01-01T10:00:00 Z", "2020-01-01T10:00:00  +01:00", "2020-01-01",
            "2020-01-01T25:00:00Z", "2020-01-01T24:00:00Z", "2020-01-01T10:60:00Z", "2020-01-01T10:00:60Z",
            "2020-02-30T10:00:00Z", "2020-13-01T00:00Z", "2020-01-01T10:00:00+24:00", "2020-01-01T10:00:00-23:59",
            "2020-01-01T10:00:00z", "2020-01-01t10:00:00Z", "2020-1-1T1:2:3Z", "2020-01-01T10:00:00Z\n", "x", "",
            " ", 1577872800, True, "2020-01-01T10:00:00.Z", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"]
EMAIL = ["a@example.com", "a@localhost", "a@b", "a@b.c", "a@b.co", "A@EXAMPLE.COM", "first.last+tag@sub.example.co.uk",
         "no-at", "a@@b.com", "@example.com", "a@", "a@[127.0.0.1]", "a@[::1]", "a@[999.1.1.1]", "a@[1.2.3]",
         "a@exa_mple.com", "a@-example.com", "a@example-.com", "a@example.c-m", "a@example.-com", "a@example..com",
         '"quoted"@example.com', '"a b"@example.com', "a b@example.com", "a..b@example.com", ".a@example.com",
         "a.@example.com", "a@münchen.de", "ü@example.com", " a@example.com ", "", " ", "x" * 245 + "@ex.com",
         "x" * 240 + "@example.com", "a@" + "b" * 64 + ".com", "a@" + "b" * 63 + ".com", "a@example.123",
         "a@example.c1", "a@1.2.3.4", "a@example.com.", "a@EXAMPLE.com\n", 123, True,
         # Domains through Python's IDNA 2003 codec (nameprep and punycode), which WHATWG's rules would judge otherwise.
         "a@a\u200d.com", "a@\u0660\u06f1.com", "5@53", "a@430", "a@fa\u00df.de", "a@\u4f8b\u3048.\u30c6\u30b9\u30c8",
         "a@\u00d6BB.at", "a@\u2665.com", "a@b\u00fccher..de", "a@\u0627\u0031.com", "a@\u0627\u0628.com",
         "a@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com", "a@\u00fc\u3002de", "a@" + "\u00fc" * 60 + ".com",
         "a@\u00fc" + "x" * 55 + ".com", "a@xn--\u00fc.com", "a@\u2168.com", "a@\U0001f600.com", "a@\u00ad\u00fc.com",
         "a@\u3000.com", "a@\U00011f55x.com"]
CHOICE = ["CHARGE", "PAYMENT", "charge", " CHARGE ", "CHARGE ", "", "UNKNOWN", 1, True, 0]


def leaf_kind(node):
    node = resolve(node)
    t, _ = type_of(node)
    if "enum" in node:
        return "choice"
    if t == "string":
        return {"date": "date", "date-time": "datetime", "email": "email", "decimal": "decimal"}.get(node.get("format"), "char")
    return {"integer": "integer", "boolean": "boolean", "number": "number", "object": "object", "array": "array"}.get(t, "json")


VALUES = {"char": CHAR, "integer": INTEGER, "boolean": BOOLEAN, "decimal": DECIMAL, "date": DATE,
          "datetime": DATETIME, "email": EMAIL, "choice": CHOICE, "json": [1, "x", 1.5]}


def schema_at(path):
    node = resolve(SCHEMA)
    for segment in path:
        node = resolve(node)
        if isinstance(segment, int):
            node = node["items"]
        else:
            node = node["properties"][segment]
    return resolve(node)


def walk_seed(data, path, out):
    kind = leaf_kind(schema_at(path)) if path else "object"
    if kind not in ("object", "array"):
        out.append(path)
        return
    if isinstance(data, dict):
        for key, value in data.items():
            walk_seed(value, path + [key], out)
    elif isinstance(data, list):
        if data:
            walk_seed(data[0], path + [0], out)
    out.append(path)


def corpus():
    cases = []
    paths = []
    walk_seed(SEED, [], paths)
    seen_leaf_kinds = {}
    for path in paths:
        if not path:
            continue
        node = schema_at(path)
        kind = leaf_kind(node)
        parent_required = set(schema_at(path[:-1]).get("required", [])) if isinstance(path[-1], str) else set()
        # Every leaf gets the values that tell required/null/type apart; one leaf of each kind and constraint set
        # gets the whole list of that kind (the rest would repeat the same verdicts).
        signature = (kind, json.dumps({k: v for k, v in node.items() if k != "description"}, sort_keys=True))
        full = signature not in seen_leaf_kinds
        seen_leaf_kinds.setdefault(signature, path)
        if isinstance(path[-1], str):
            cases.append({"path": path, "op": "delete"})
        if kind in ("object", "array"):
            values = [None, "x", 1, True, [], {}, [1], [None], ["x"], [{}]] if kind == "array" else [None, "x", 1, True, [], {}]
        elif full:
            values = VALUES[kind] + [v for v in ANY if v not in VALUES[kind]]
        else:
            values = [None, [], {}, True] + VALUES[kind][:3]
        for value in values:
            cases.append({"path": path, "op": "set", "value": value})
        # Lengths at and past the limit, counted in code points (an astral character is one).
        if kind in ("char", "email") and "maxLength" in node:
            limit = node["maxLength"]
            for text in ["x" * limit, "x" * (limit + 1), " " + "x" * limit + " ", "😀" * limit, "😀" * (limit + 1)]:
                cases.append({"path": path, "op": "set", "value": text})
        if kind == "char" and node.get("minLength", 0) > 1:
            for text in ["x" * (node["minLength"] - 1), " x ", "😀" * node["minLength"]]:
                cases.append({"path": path, "op": "set", "value": text})
    # Unknown keys are ignored by the server.
    for path in [["surprise"], ["customers", 0, "nickname"], ["billing_address", "po_box"]]:
        cases.append({"path": path, "op": "set", "value": "ignored"})
    # Several errors at once: their order is DRF's.
    multi = copy.deepcopy(SEED)
    multi["customers"][0]["given_name"] = ""
    multi["customers"][0]["email"] = "no-at"
    multi["external_account_number"] = None
    cases.append({"path": [], "op": "set", "value": multi})
    cases.append({"path": [], "op": "set", "value": {}})
    cases.append({"path": [], "op": "set", "value": {"customers": [{}, {"given_name": 1}]}})
    return cases


TYPE_VALUES = {
    "name": ["x", " x ", "", 5],
    "nullable_name": [None, "", "abcde", "abcdef", " abcdef ", 123456],
    "code": ["ab", "abc", "abcd", "abcde", " ab ", "😀😀😀", "a😀", 12, 1234],
    "ratio": [0, 1, 1.5, 1.6, -0.1, "0.5", " 0.5 ", "1e-1", "inf", "nan", "-inf", "1_0", "abc", "", True, False, [], None,
              "\x1c0.5", "0.5\x1d", "\U00011f50.\U00011f55", "\uff11", "\U0001e4f1"],
    "count": [10, 11, -5, -6, "10", "11", "-6", " 3 ", 3.5, True, None, "\x1c5", "5\x1f", "\u20285",
              # Digits of Unicode 15 and later are no digits to Python 3.11 (Unicode 14); older scripts' are.
              "\U00011f55", "\U0001e4f5", "\U00010d45", "\U00016d75", "\U0001ccf5", "\U0001e5f5", "\U00011bf5",
              "\U00016135", "\U000116d5", "\U0001fbf5", "\U0001e955", "\U00011da5", "\uff15", "\u1c55", "\u0b6b"],
    "nullable_count": [None, "", "null", 1, "1"],
    "flag": [None, "", "null", "Null", "NULL", "None", "true", 0, "x"],
    "price": ["500", "500.01", "-100", "-100.01", "499.99", 499.99, "1e2", "12.345", "1234", None, "1__0", "_1",
              "1_", "1._5", "\x1c5\x1f", "\U00011f55", "\U00011f51.\U00011f55", "\u0b6b.\u0b6b"],
    "rate": [None, "", "1.2345", "0.00001", "12", "-1", "1e-4", 0.0001, "0"],
    "kind": ["A", "a", "B", "1", 1, True, "", None, " A", "C",
             # repr() in the message escapes what str.isprintable() refuses (Unicode 14's categories).
             ["\xa0", "\ufeff", "\u0378", "\U000e0001", "\u200b", "\u2028", "\xad", "\u061c", "\x7f", "\x85"],
             ["é", "\U0001f600", "\u3000", "\ud800", "\U00011f55", "\U0010ffff", "\ue000", "'", "\"", "\\"],
             {"\u2029key": "\u00a0", "k": ["\x1b[2J", "\t\n\r"]}],
    "tags": [["a", "b"], ["a"], [], ["a", "b", "c"], ["a", "b", "c", "d"], ["abcd", "b"], ["a", 1], ["a", None],
             ["abcd", "b", "c", "d"], [None], ["abcd"],
             "ab", {"a": 1}, None, [" a ", "b "], ["", "b"]],
    "numbers": [[], [1, "2", "3.0"], [1, "x"], ["x", 2, None], "1,2", 1, {"0": 1}],
    "overrides": [{}, {"a": "1.5"}, {"a": "1.55"}, {"a": 12.5, "b": "123"}, {"a": None}, [], "x", None, {"a": "x"}],
    "extra": [None, 1, "x", [], {}, {"a": [1, {"b": None}]}, True],
    # A bare object is a DictField() (any value, null too); additionalProperties {} a DictField(child=JSONField()).
    "bag": [{}, {"a": None}, {"a": [1, {"b": None}], "c": ""}, [], "x", None, 1],
    "json_bag": [{}, {"a": None}, {"a": [1, None], "c": ""}, [], "x", None],
    "maybe_extra": [None, {}, {"a": "1"}, {"a": "x"}, {"b": 1}, [], "x"],
    "when": [None, "", "2020-01-01", "2020-1-1", "x", "\uff12\uff10\uff12\uff10-01-01",
             "\U00011f52\U00011f50\U00011f52\U00011f50-01-01", "2020-01-\U0001e4f1"],
    "stamp": ["anything", 1, None],
    # Past 2^53 (read exactly: a bigint); bounds past 2^53 written as floats, as JSON Schema generators write them.
    "big_count": ["9007199254740993", "-9007199254740993", "99999999999999999999", "100000000000000000000",
                  "100000000000000000001", "-100000000000000000001", " 12345678901234567890 ", "1234567890123456",
                  "12345678901234567", "12345678901234567.000", "1_2345_6789_0123_4567", "١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨٩",
                  "9" * 1000, 9007199254740991, -9007199254740991],
    # Bounds Decimal(str(1e-07)) and Decimal(str(999999999.5)), compared and printed exactly; libmpdec's exponent
    # limits.
    "exact": ["0.0000001", "0.00000009", "1E-7", "999999999.5", "999999999.5000000000001", "999999999.49999999999999",
              "0.000000099999999999999999", "0.0000001000000000000000001",
              "1e9", "1e-7", "1e999999999999999999", "1e1000000000000000000", "10e999999999999999998",
              "10e999999999999999999", "1e-1999999999999999997", "1e-1999999999999999998",
              "0e-1999999999999999998", "0.1e1000000000000000000", "5", 5, 0.5],
    # 1 and True (0 and False) are one dict key to DRF: the first key, the last value.
    "mixed": [1, True, "1", "True", 0, False, "0", "False", "x", 2.5, "2.5", None],
    "items": [[], [{"id": 1}], [{"id": 1}, {"id": 2}, {"id": 3}], [{}], [None], "x", {}, None, [{"id": "x"}, {"id": "2"}]],
}


def type_corpus():
    cases = [{"path": [], "op": "set", "value": {}}, {"path": [], "op": "set", "value": []}, {"path": [], "op": "set", "value": "x"}]
    for key, values in TYPE_VALUES.items():
        cases.append({"path": [key], "op": "delete"})
        for value in values:
            cases.append({"path": [key], "op": "set", "value": value})
    return cases


ZONE = "Australia/Melbourne"
ZONE_VALUES = ["2024-01-01T12:00:00+00:00", 
    "2024-07-01T12:00:00", "2024-01-01T12:00:00", "2024-07-01T12:00:00Z", "2024-07-01T12:00:00+02:00",
    "2024-10-06T02:30:00", "2024-10-06T01:59:59", "2024-10-06T03:00:00", "2024-04-07T02:30:00",
    "2024-04-07T03:00:00", "2024-04-07T01:59:59", "1850-01-01T00:00:00", "0001-01-01T00:00:00",
    "9999-12-31T23:59:59", "9999-12-31T20:00:00Z", "0001-01-01T00:00:00Z", "2024-07-01 12:00",
]


# pytz reads only the 32-bit part of the zone files: a zone's local mean time before 1901-12-13T20:45:52Z, the offset
# of 2038-01-19 forever after it (no daylight saving), and a gap or fold at the 1901 step.
OTHER_ZONE_VALUES = {
    "Australia/Melbourne": ["1896-01-01T00:00", "1901-12-14T07:00:00", "1901-12-14T06:30:00", "1901-12-14T06:45:00",
                            "2037-07-01T12:00:00", "2038-07-01T12:00:00", "2050-03-31T00:00", "3000-10-05T02:30",
                            "2040-06-01T00:00:00Z", "1880-06-01T00:00:00Z"],
    "America/New_York": ["1883-11-18T12:00:00", "1890-06-01T12:00", "1901-12-13T15:47:00", "1901-12-13T15:50:00", "1901-12-13T16:00:00",
                         "2024-03-10T02:30:00", "2024-11-03T01:30:00", "2037-11-01T01:30:00", "2038-03-14T02:30:00",
                         "2050-03-31T00:00", "2050-07-01T12:00:00", "3000-03-09T02:30", "3000-11-02T01:30",
                         "1800-01-01T00:00:00Z", "2100-07-04T16:00:00Z"],
    "Europe/London": ["2024-01-01T12:00:00", "2024-07-01T12:00:00", "1847-06-01T00:00:00", "1900-01-01T00:00:00",
                      "2039-07-01T12:00:00", "2024-03-31T01:30:00", "2024-10-27T01:30:00"],
    "Etc/UTC": ["2024-01-01T12:00:00", "2024-01-01T12:00:00+02:00"],
    "Asia/Kolkata": ["1850-01-01T00:00:00", "2024-01-01T12:00:00", "1941-10-01T00:00:00Z"],
}


def zone_corpus():
    cases = [{"path": ["notes", 0, "created_at"], "op": "set", "value": value} for value in ZONE_VALUES]
    for zone, values in OTHER_ZONE_VALUES.items():
        cases += [{"zone": zone, "path": ["notes", 0, "created_at"], "op": "set", "value": v} for v in values]
    return cases


def use_schema(schema):
    global DEFS
    DEFS = schema.get("$defs", {})


def ranges(predicate):
    """The runs of code points for which predicate holds, as "first-last" hex pairs joined by commas."""
    out = []
    start = None
    for code in range(0x110001):
        inside = code < 0x110000 and predicate(code)
        if inside and start is None:
            start = code
        elif not inside and start is not None:
            out.append(f"{start:x}-{code - 1:x}")
            start = None
    return ",".join(out)


def ts_const(name, text):
    """A TypeScript string constant, laid out as Prettier lays it out (one line when it fits in 120 columns)."""
    line = f"export const {name} = '{text}';"
    return [line] if len(line) <= 120 else [f"export const {name} =", f"  '{text}';"]


def write_unicode_tables():
    """The Python's own Unicode data that DRF's verdicts depend on, for src/validation/drf/ (Node's differs)."""
    import unicodedata

    zeros = ",".join(f"{c:x}" for c in range(0x110000) if unicodedata.decimal(chr(c), -1) == 0)
    # Each zero starts a run of ten decimal digits, so the zeros alone describe every digit.
    assert all(unicodedata.decimal(chr(int(z, 16) + d), -1) == d for z in zeros.split(",") for d in range(10))
    assert sum(1 for c in range(0x110000) if chr(c).isdecimal()) == 10 * len(zeros.split(","))
    lines = [
        f"// Generated by scripts/drf-golden.py from Python {sys.version.split()[0]} (Unicode {unicodedata.unidata_version}),",
        "// the Python under the server's DRF: do not edit. Node's own Unicode data is newer and would disagree.",
        "",
        "/** The zero of each run of ten decimal digits (int(), float(), Decimal() and re's \\d read them), hex. */",
        *ts_const("digitZeros", zeros),
        "",
        "/** The ranges of code points str.isprintable() refuses, which repr() escapes, as hex first-last pairs. */",
        *ts_const("nonPrintableRanges", ranges(lambda c: not chr(c).isprintable())),
    ]
    # Python's IDNA 2003 codec (encodings.idna), which Django's EmailValidator runs on a non-ASCII domain: stringprep's
    # tables as Python 3.11 computes them, and Unicode 3.2's normalization where it differs from later versions.
    import stringprep

    old = unicodedata.ucd_3_2_0
    real = [c for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    b2 = [(c, stringprep.map_table_b2(chr(c))) for c in real]
    b2 = ",".join(f"{c:x}:" + " ".join(f"{ord(x):x}" for x in m) for c, m in b2 if m != chr(c))
    checks = [getattr(stringprep, f"in_table_{t}") for t in ["c12", "c22", "c3", "c4", "c5", "c6", "c7", "c8", "c9"]]
    corrected = [c for c in real if old.category(chr(c)) != "Cn"
                 and old.normalize("NFKC", chr(c)) != unicodedata.normalize("NFKC", chr(c))]
    lines += [
        "",
        "/** stringprep B.1: code points nameprep maps to nothing. */",
        *ts_const("idnaMapToNothing", ranges(lambda c: stringprep.in_table_b1(chr(c)))),
        "",
        "/** stringprep B.2 as Python computes it (case folding for NFKC): code point, then what it maps to. */",
        *ts_const("idnaCaseFold", b2),
        "",
        "/** stringprep C.1.2, C.2.2 and C.3 to C.9: code points nameprep refuses. */",
        *ts_const("idnaProhibited", ranges(lambda c: any(check(chr(c)) for check in checks))),
        "",
        "/** stringprep D.1 (right-to-left letters in Unicode 3.2). */",
        *ts_const("idnaRandAL", ranges(lambda c: stringprep.in_table_d1(chr(c)))),
        "",
        "/** stringprep D.2 (left-to-right letters in Unicode 3.2). */",
        *ts_const("idnaLeftToRight", ranges(lambda c: stringprep.in_table_d2(chr(c)))),
        "",
        "/** Code points unassigned in Unicode 3.2, which nameprep's normalization leaves as they are. */",
        *ts_const("unassignedInUnicode32", ranges(lambda c: old.category(chr(c)) == 'Cn')),
        "",
        "/** Code points whose NFKC in Unicode 3.2 differs from later versions' (corrigenda): code point, then its form. */",
        *ts_const("nfkcUnicode32", ",".join(
            f"{c:x}:" + " ".join(f"{ord(x):x}" for x in old.normalize("NFKC", chr(c))) for c in corrected)),
    ]
    with open(TABLES, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


def main():
    write_unicode_tables()
    cases = corpus()
    results = []
    for index, case in enumerate(cases):
        entry = {"id": index, **case, **verdict(case)}
        results.append(entry)
    zone_results = []
    for index, case in enumerate(zone_corpus()):
        with timezone.override(pytz.timezone(case.get("zone", ZONE))):
            try:
                zone_results.append({"id": index, **case, **verdict(case)})
            except (OverflowError, ValueError) as error:
                # DRF does not catch these: the server would answer 500. Not a verdict to hold the tool to.
                print(f"zone case {case['value']!r}: DRF raises {type(error).__name__} (a server error)", file=sys.stderr)
    use_schema(TYPES_SCHEMA)
    types = build_serializer(TYPES_SCHEMA, "FieldTypes")
    base = {"name": "x"}
    type_results = []
    for index, case in enumerate(type_corpus()):
        if case["path"] and case["op"] == "delete" and case["path"][0] not in base:
            continue
        type_results.append({"id": index, **case, **verdict(case, types, base)})
    golden = {
        "generated_by": "scripts/drf-golden.py",
        "djangorestframework": rest_framework.VERSION,
        "django": django.get_version(),
        "settings": {"USE_TZ": True, "TIME_ZONE": "UTC"},
        "schema": "schemas/account.schema.json",
        "seed": "fixtures/seed-example.json",
        "cases": results,
        "types_schema": "fixtures/drf-field-types.schema.json",
        "types_base": base,
        "type_cases": type_results,
        "zone": ZONE,
        "zone_cases": zone_results,
    }
    text = json.dumps(golden, ensure_ascii=True, indent=None, separators=(",", ":"), allow_nan=False)
    # One case per line keeps diffs of the golden file readable.
    text = text.replace(',"cases":[{', ',"cases":[\n{').replace(',"type_cases":[{', ',"type_cases":[\n{')
    text = text.replace(',"zone_cases":[{', ',"zone_cases":[\n{')
    text = text.replace('},{"id":', '},\n{"id":')
    with open(OUT, "w", encoding="utf-8") as handle:
        handle.write(text + "\n")
    valid = sum(1 for r in results if r["valid"])
    print(f"{len(results)} cases ({valid} valid, {len(results) - valid} refused) and {len(type_results)} field-type "
          f"cases -> {os.path.relpath(OUT, ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
