"""`hezuo bench import [--rows N] [--json]`: the importer against a bare-ORM baseline, same run.

Generates N realistic organisation rows (Chinese and English names, kinds and countries written
the many ways people write them, provinces, cities, websites), writes them to an XLSX file, then
measures

  (a) baseline: `Organisation.objects.bulk_create` of the same rows as pre-built objects
      (batch_size 2000, one transaction) — then deletes them;
  (b) the importer: read the XLSX + parse and validate every cell + match against existing
      organisations + write + history, through `run_import` exactly as the web and CLI do.

and prints rows/s for both and the ratio importer/baseline (the aim: within 3×).
Run it on a scratch database (HEZUO_VAR_DIR=/tmp/x hezuo migrate && hezuo reference first).
"""

from __future__ import annotations

import json
import random
import tempfile
import time
from pathlib import Path

from django.db import connection, transaction

KINDS = [
    ("university", ("university", "高校", "University", "大学")),
    ("institute", ("institute", "科研院所", "Research institute")),
    ("enterprise", ("enterprise", "企业", "Enterprise")),
    ("government", ("government", "政府机构")),
    ("society", ("society", "学会")),
]
KIND_WORDS = {
    "university": ("大学", "University"),
    "institute": ("研究院", "Institute"),
    "enterprise": ("科技有限公司", "Technology Co., Ltd."),
    "government": ("科学技术局", "Science and Technology Bureau"),
    "society": ("学会", "Society"),
}
TOPICS = [
    ("材料", "Materials"),
    ("能源", "Energy"),
    ("生物医药", "Biomedicine"),
    ("信息", "Information"),
    ("海洋", "Ocean"),
    ("农业", "Agricultural"),
    ("航空航天", "Aerospace"),
    ("环境", "Environmental"),
    ("光电", "Optoelectronics"),
    ("人工智能", "Artificial Intelligence"),
    ("先进制造", "Advanced Manufacturing"),
    ("地球科学", "Earth Sciences"),
    ("量子", "Quantum"),
    ("化工", "Chemical Engineering"),
    ("交通", "Transportation"),
    ("水利", "Water Resources"),
]
CITIES_CN = [
    ("北京", "Beijing", "11"),
    ("天津", "Tianjin", "12"),
    ("石家庄", "Shijiazhuang", "13"),
    ("上海", "Shanghai", "31"),
    ("南京", "Nanjing", "32"),
    ("苏州", "Suzhou", "32"),
    ("杭州", "Hangzhou", "33"),
    ("宁波", "Ningbo", "33"),
    ("合肥", "Hefei", "34"),
    ("福州", "Fuzhou", "35"),
    ("厦门", "Xiamen", "35"),
    ("济南", "Jinan", "37"),
    ("青岛", "Qingdao", "37"),
    ("郑州", "Zhengzhou", "41"),
    ("武汉", "Wuhan", "42"),
    ("长沙", "Changsha", "43"),
    ("广州", "Guangzhou", "44"),
    ("深圳", "Shenzhen", "44"),
    ("重庆", "Chongqing", "50"),
    ("成都", "Chengdu", "51"),
    ("西安", "Xi'an", "61"),
    ("兰州", "Lanzhou", "62"),
    ("乌鲁木齐", "Urumqi", "65"),
    ("沈阳", "Shenyang", "21"),
    ("长春", "Changchun", "22"),
    ("哈尔滨", "Harbin", "23"),
]
PROVINCE_FORMS = {
    "11": ("北京", "北京市", "Beijing"),
    "12": ("天津", "Tianjin"),
    "13": ("河北", "河北省", "Hebei"),
    "21": ("辽宁", "Liaoning"),
    "22": ("吉林省", "Jilin"),
    "23": ("黑龙江", "Heilongjiang"),
    "31": ("上海", "上海市", "Shanghai"),
    "32": ("江苏", "江苏省", "Jiangsu"),
    "33": ("浙江", "浙江省", "Zhejiang"),
    "34": ("安徽", "Anhui"),
    "35": ("福建", "Fujian"),
    "37": ("山东", "山东省", "Shandong"),
    "41": ("河南", "Henan"),
    "42": ("湖北", "湖北省", "Hubei"),
    "43": ("湖南", "Hunan"),
    "44": ("广东", "广东省", "Guangdong"),
    "50": ("重庆", "Chongqing"),
    "51": ("四川", "Sichuan"),
    "61": ("陕西", "Shaanxi"),
    "62": ("甘肃", "Gansu"),
    "65": ("新疆", "Xinjiang"),
}
FOREIGN = [
    (("美国", "USA", "US", "United States"), ("Boston", "Austin", "Seattle", "Denver")),
    (("德国", "Germany", "DE", "DEU"), ("Munich", "Berlin", "Aachen", "Dresden")),
    (("日本", "Japan", "JP"), ("Tokyo", "Osaka", "Sendai", "Nagoya")),
    (("法国", "France", "FR"), ("Paris", "Lyon", "Grenoble", "Toulouse")),
    (("英国", "United Kingdom", "GB", "UK"), ("London", "Oxford", "Manchester", "Leeds")),
    (("俄罗斯", "Russia", "RU"), ("Moscow", "Novosibirsk", "Kazan")),
    (("巴西", "Brazil", "BR"), ("São Paulo", "Campinas", "Recife")),
    (("南非", "South Africa", "ZA"), ("Cape Town", "Pretoria", "Durban")),
    (("新加坡", "Singapore", "SG"), ("Singapore",)),
    (("哈萨克斯坦", "Kazakhstan", "KZ"), ("Astana", "Almaty")),
    (("埃及", "Egypt", "EG"), ("Cairo", "Alexandria")),
    (("以色列", "Israel", "IL"), ("Haifa", "Rehovot")),
]
HOME_FORMS = ("中国", "China", "CN", "CHN")
FIELDS = ["name_zh", "name_en", "kind", "country", "province", "city", "website", "flags"]


def add_arguments(parser) -> None:
    parser.add_argument("--rows", type=int, default=100_000, help="rows to import (100000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print one JSON line")


def generate_rows(n: int, seed: int = 1) -> list[list[str]]:
    rng = random.Random(seed)
    rows = []
    for i in range(1, n + 1):
        kind, forms = rng.choice(KINDS)
        kind_zh, kind_en = KIND_WORDS[kind]
        topic_zh, topic_en = rng.choice(TOPICS)
        flags = ""
        if rng.random() < 0.6:
            city_zh, city_en, province = rng.choice(CITIES_CN)
            name_zh = f"{city_zh}{topic_zh}{kind_zh}第{i}分部"
            name_en = f"{city_en} {topic_en} {kind_en} Branch {i}"
            country = rng.choice(HOME_FORMS)
            province_text = rng.choice(PROVINCE_FORMS[province])
            city = city_zh
            if kind == "university" and rng.random() < 0.2:
                flags = "双一流高校"
        else:
            country_forms, cities = rng.choice(FOREIGN)
            city = rng.choice(cities)
            name_zh = ""
            name_en = f"{city} {topic_en} {kind_en} {i}"
            country = rng.choice(country_forms)
            province_text = ""
        website = f"https://www{i}.example.org/" if rng.random() < 0.5 else ""
        rows.append(
            [name_zh, name_en, rng.choice(forms), country, province_text, city, website, flags]
        )
    return rows


def write_xlsx(path: Path, rows: list[list[str]]) -> None:
    from hezuo.core.io.exports import add_sheet, new_workbook
    from hezuo.core.io.testing import headers

    workbook = new_workbook()
    add_sheet(workbook, "organisations", headers("organisation", FIELDS), rows)
    workbook.save(path)


def prebuilt(rows: list[list[str]]):
    """The baseline's objects: the same values, resolved outside the timing."""
    from hezuo.core.io.resources import get_resource
    from hezuo.registry.models import Organisation, normalise_name
    from hezuo.registry.provinces import province_code
    from hezuo.registry.resolver import CountryResolver

    resolver = CountryResolver()
    kind_parser = get_resource("organisation").by_field["kind"].parser
    objs = []
    for name_zh, name_en, kind, country, province, city, website, flags in rows:
        obj = Organisation(
            name_zh=name_zh,
            name_en=name_en,
            kind=kind_parser.parse_one(kind),
            country=resolver.resolve(country),
            province=province_code(province) or "" if province else "",
            city=city,
            website=website,
            flags=["double_first_class"] if flags else [],
        )
        obj.search_text = obj.build_search_text()
        obj.name_key = normalise_name(obj.name_en or obj.name_zh)
        objs.append(obj)
    return objs


def _raw_delete(qs) -> None:
    qs._raw_delete(qs.db)


def run(options, stdout) -> None:
    from django.test.utils import override_settings

    # Production runs without DEBUG's query log; measure both sides that way.
    with override_settings(DEBUG=False):
        _run(options, stdout)


def _run(options, stdout) -> None:
    from hezuo.core.io.imports import run_import
    from hezuo.core.models import User
    from hezuo.registry.models import Organisation

    n = options["rows"]
    rows = generate_rows(n, options["seed"])
    user, created_user = User.objects.get_or_create(
        username="bench-import", defaults={"is_superuser": True, "is_staff": True}
    )
    first_pk = (Organisation.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    history = Organisation.history.model
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "organisations.xlsx"
        t0 = time.perf_counter()
        write_xlsx(path, rows)
        generate_s = time.perf_counter() - t0
        if not options["json"]:
            stdout.write(f"Generated {n} rows into {path.name} in {generate_s:.1f} s")

        # (a) baseline: bare ORM bulk_create of pre-built objects
        objs = prebuilt(rows)
        t0 = time.perf_counter()
        with transaction.atomic():
            Organisation.objects.bulk_create(objs, batch_size=2000)
        baseline_s = time.perf_counter() - t0
        _raw_delete(Organisation.objects.filter(pk__gte=first_pk))

        # (b) the importer; its progress messages mark the phases: reading, checking, writing.
        phases: dict[str, float] = {}
        names = iter(["read", "validate", "write", "finish"])
        marks = {"message": None, "phase": "", "t": 0.0}

        def progress(done, total, message):
            if marks["message"] == message:
                return
            now = time.perf_counter()
            if marks["phase"]:
                phases[marks["phase"]] = now - marks["t"]
            else:
                phases[next(names)] = now - start
            marks.update(message=message, phase=next(names, "finish"), t=now)

        start = time.perf_counter()
        result = run_import("organisation", path, "xlsx", user, progress=progress)
        importer_s = time.perf_counter() - start
        phases.pop("finish", None)
        try:
            if not result.ok:
                raise RuntimeError(f"the benchmark file did not import: {result.errors[:5]}")
            if result.created != n:
                raise RuntimeError(f"expected {n} created, got {result.created}")
            history_rows = history.objects.filter(id__gte=first_pk).count()
        finally:
            _raw_delete(history.objects.filter(id__gte=first_pk, history_user=user))
            _raw_delete(Organisation.objects.filter(pk__gte=first_pk))
            if created_user:
                user.delete()

    ratio = importer_s / baseline_s if baseline_s else float("inf")
    figures = {
        "benchmark": "import",
        "database": connection.vendor,
        "rows": n,
        "baseline_s": round(baseline_s, 3),
        "baseline_rows_per_s": round(n / baseline_s),
        "importer_s": round(importer_s, 3),
        "importer_rows_per_s": round(n / importer_s),
        "ratio": round(ratio, 2),
        "history_rows": history_rows,
        "phases_s": {k: round(v, 3) for k, v in phases.items()},
    }
    if options["json"]:
        stdout.write(json.dumps(figures, ensure_ascii=False))
        return
    stdout.write(
        f"baseline (bulk_create, {connection.vendor}): {baseline_s:.2f} s, "
        f"{figures['baseline_rows_per_s']} rows/s"
    )
    stdout.write(
        f"importer (read+validate+match+write+history): {importer_s:.2f} s, "
        f"{figures['importer_rows_per_s']} rows/s"
    )
    for phase, seconds in figures["phases_s"].items():
        stdout.write(f"  {phase}: {seconds:.2f} s")
    stdout.write(f"ratio importer/baseline: {ratio:.2f}× (aim: ≤ 3×)")
