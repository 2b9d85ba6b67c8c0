import pytest

from hezuo.portfolio.models import BaseKind, BaseStatus, ProjectStatus

from .factories import make_base, make_project


@pytest.fixture
def directory(units):
    """Three projects (two institutions of prov-a, one of prov-b) and two bases, made directly."""
    from hezuo.registry.models import Country

    Country.objects.get_or_create(
        iso2="FR", defaults={"iso3": "FRA", "name_zh": "法国", "name_en": "France"}
    )
    return {
        "hydrogen": make_project(
            units["inst-a1"],
            "GJHZ2024-0001",
            title_zh="中德氢能储运联合研究",
            title_en="Sino-German hydrogen storage",
        ),
        "coral": make_project(
            units["inst-b1"],
            "GJHZ2024-0002",
            countries=("FR",),
            title_zh="珊瑚礁保护",
            title_en="Coral reef protection",
            field="environment",
            status=ProjectStatus.COMPLETED,
        ),
        "protein": make_project(
            units["inst-a2"],
            "GJHZ2023-0003",
            countries=("DE", "FR"),
            title_zh="蛋白质结构预测",
            title_en="Protein structure prediction",
            field="health",
        ),
        "centre": make_base("JD2026-0001", units["inst-a1"], name_en="Joint centre for batteries"),
        "park": make_base(
            "JD2026-0002",
            kind=BaseKind.INNOVATION_PARK,
            status=BaseStatus.REVOKED,
            field="energy",
            name_zh="苏州国际创新园",
            name_en="Suzhou innovation park",
        ),
    }
