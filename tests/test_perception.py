"""Known-answer tests of govnet.perception_gap (cognitive social structures), worked by hand."""

import pytest
from test_graph import hand_case, relabel

import govnet
from govnet.exceptions import ParameterError

ACTORS = [
    ("M", "person", "member", "leader", "Lab"),
    ("O", "person", "officer", "chief-executive", None),
    ("R1", "person", "member", "cabinet-member", "Lab"),
    ("R2", "person", "officer", "spokesperson", None),
    ("R3", "organisation", "external", "inspectorate", None),
]
RELATIONS = [
    # pair M->O: R1 says -1 (twice), R2 says +1, R3 says -1
    ("a1", "M", "O", "distrust", -1, "2021", None, "R1"),
    ("a2", "M", "O", "criticism", -1, "2021", None, "R1"),
    ("a3", "M", "O", "trust", 1, "2021", None, "R2"),
    ("a4", "M", "O", "pressure", -1, "2021", None, "R3"),
    # pair O->M: only R2 -> not in the result
    ("a5", "O", "M", "support", 1, "2021", None, "R2"),
    # pair R1->R2 in 2022: R1 -1, R3 -1 -> full agreement
    ("a6", "R1", "R2", "criticism", -1, "2022", None, "R1"),
    ("a7", "R1", "R2", "criticism", -1, "2022", None, "R3"),
]


@pytest.fixture
def case():
    return hand_case(ACTORS, RELATIONS)


def test_perception_gap_known_answer(case):
    gap = govnet.perception_gap(case)
    mo = gap[(gap.source == "M") & (gap.target == "O")].set_index("reporter")
    assert mo["sign"].to_dict() == {"R1": -1, "R2": 1, "R3": -1}
    assert mo.loc["R1", "n_observations"] == 2 and mo.loc["R1", "observations"] == "a1;a2"
    # 3 reporters, 3 reporter pairs; signs -1,+1,-1: one equal pair (R1,R3) -> agreement 1/3
    assert mo["agreement"].iloc[0] == pytest.approx(1 / 3)
    assert mo.loc["R2", "reporter_side"] == "officer"
    assert not ((gap.source == "O") & (gap.target == "M")).any()
    rr = gap[gap.source == "R1"]
    assert rr["agreement"].tolist() == [1.0, 1.0]
    # at a date: only 2021 pairs
    assert set(govnet.perception_gap(case, at="2021")["source"]) == {"M"}


def test_empty_relabel_and_bad_input(case):
    empty = govnet.perception_gap(case, at="1990")
    assert empty.empty and "agreement" in empty.columns
    g1 = govnet.perception_gap(case)
    g2 = govnet.perception_gap(relabel(case, {"M": "zz", "R1": "q1"}))
    assert sorted(g1["agreement"]) == sorted(g2["agreement"])
    assert sorted(g1["sign"]) == sorted(g2["sign"])
    with pytest.raises(ParameterError):
        govnet.perception_gap("not a case")
    with pytest.raises(ParameterError, match="at="):
        govnet.perception_gap(case, at="yesterday")
