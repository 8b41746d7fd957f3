"""Face analysis: OpenCV's detector on a real face, quality judgements, suggestions, input (retention:
tests/privacy/test_media.py)."""

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image
from pydantic import ValidationError

from leadcapture.catalog.defaults import CONCERNS
from leadcapture.catalog.procedures import default_catalog
from leadcapture.tools.face_analysis import CONSENT_MESSAGE, FaceAnalysisInput, run, suggest
from leadcapture.tools.photo_quality import TIPS, _cascade, analyse_photo
from leadcapture.tools.photos import PhotoError, load_photo
from tests.tools.photo_samples import astronaut, blurred, darkened, encode, gradient, on_canvas

CATALOG = default_catalog()


def quality_of(image: Image.Image, fmt: str = "PNG") -> dict:
    return analyse_photo(load_photo(encode(image, fmt)))


# --- photo quality -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_a_real_face_is_found_and_the_photo_is_good(fmt):
    quality = quality_of(astronaut(), fmt)

    assert quality["faces"] == 1
    assert quality["resolution"] == {"width": 512, "height": 512}
    assert quality["lighting"] == "good"
    assert quality["focus"] == "sharp"
    assert quality["face_size"]["judgement"] == "good"
    assert 0.15 < quality["face_size"]["width_share"] < 0.25
    assert quality["ok"] is True
    assert quality["tips"] == []


def test_no_face_in_a_gradient():
    quality = quality_of(gradient())

    assert quality["faces"] == 0
    assert quality["face_size"] is None
    assert quality["ok"] is False
    assert quality["tips"][0] == TIPS["no_face"]


def test_a_darkened_photo_is_too_dark():
    original, dark = quality_of(astronaut()), quality_of(darkened(astronaut()))

    assert dark["faces"] == 1
    assert dark["brightness"] < 0.3 < original["brightness"]
    assert dark["lighting"] == "too_dark"
    assert TIPS["too_dark"] in dark["tips"]
    assert dark["tips"][0].startswith("Use more light")
    assert dark["focus"] == "sharp", "focus is judged independently of the light"


def test_an_overexposed_photo_is_too_bright():
    bright = quality_of(darkened(astronaut(), factor=1.8))

    assert bright["lighting"] == "too_bright"
    assert bright["overexposed"] > 0.25
    assert TIPS["too_bright"] in bright["tips"]


def test_a_blurred_photo_is_blurry():
    original, blurry = quality_of(astronaut()), quality_of(blurred(astronaut()))

    assert blurry["faces"] == 1
    assert blurry["sharpness"] < original["sharpness"] / 5
    assert (original["focus"], blurry["focus"]) == ("sharp", "blurry")
    assert blurry["tips"] == [TIPS["blurry"]]


def test_a_face_far_away_is_too_small():
    quality = quality_of(on_canvas(astronaut(), 1536), "JPEG")

    assert quality["faces"] == 1
    assert quality["resolution"] == {"width": 1536, "height": 1536}
    assert quality["face_size"]["judgement"] == "too_small"
    assert quality["face_size"]["width_share"] < 0.1
    assert quality["tips"] == [TIPS["too_small"]]


def test_a_face_filling_the_photo_is_too_close():
    close_up = astronaut().crop((177, 66, 272, 161)).resize((512, 512), Image.Resampling.BICUBIC)

    quality = quality_of(close_up)

    assert quality["face_size"]["judgement"] == "too_close"
    assert TIPS["too_close"] in quality["tips"]


def test_a_small_photo_asks_for_a_higher_resolution():
    quality = quality_of(astronaut().resize((300, 300), Image.Resampling.LANCZOS))

    assert quality["faces"] == 1
    assert quality["tips"] == [TIPS["low_resolution"]]


def test_analysis_is_deterministic_and_json_ready():
    photo = load_photo(encode(astronaut(), "JPEG"))

    first, second = analyse_photo(photo), analyse_photo(photo)

    assert first == second
    assert json.loads(json.dumps(first)) == first


# --- suggestions ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("concerns", "expected"),
    [
        ([], ["skin_consultation"]),
        (["unwanted_hair"], ["laser_hair_removal"]),
        (["acne_scars", "large_pores"], ["laser_resurfacing", "microneedling", "chemical_peel"]),
        (["wrinkles", "fine_lines", "volume_loss"], ["botox", "dermal_fillers", "laser_resurfacing"]),
        (["sagging", "volume_loss"], ["dermal_fillers", "thread_lift"]),
        (["redness"], ["hydrafacial", "skin_consultation"]),
    ],
)
def test_suggestions_rank_by_concerns_covered_then_catalog_order(concerns, expected):
    assert [s["procedure"] for s in suggest(concerns, CATALOG)] == expected


def test_suggestions_say_why_with_the_selected_concerns():
    suggestions = suggest(["large_pores", "acne_scars"], CATALOG)

    assert suggestions[0] == {
        "procedure": "laser_resurfacing",
        "name": "Laser resurfacing",
        "why": "Treats large pores and acne scars, which you selected.",
    }
    assert suggestions[2]["why"] == "Treats acne scars, which you selected."
    three = suggest(["acne", "dull_skin", "redness"], CATALOG)[0]
    assert three["why"] == "Treats acne, dull skin and redness and rosacea, which you selected."


def test_no_concerns_suggest_a_consultation():
    (suggestion,) = suggest([], CATALOG)

    assert suggestion["procedure"] == "skin_consultation"
    assert suggestion["name"] == "Skin consultation"
    assert suggestion["why"]


def test_concerns_no_catalog_procedure_treats_fall_back_to_a_consultation():
    catalog = [p for p in CATALOG if p.id != "laser_hair_removal"]

    assert [s["procedure"] for s in suggest(["unwanted_hair"], catalog)] == ["skin_consultation"]
    assert suggest([], [p for p in CATALOG if p.id != "skin_consultation"]) == []


@given(st.lists(st.sampled_from(sorted(CONCERNS)), unique=True, max_size=len(CONCERNS)))
def test_suggestions_are_at_most_three_and_best_first(concerns):
    suggestions = suggest(concerns, CATALOG)
    by_id = {p.id: p for p in CATALOG}
    covered = [len(set(concerns) & set(by_id[s["procedure"]].concerns)) for s in suggestions]

    assert 1 <= len(suggestions) <= 3
    assert covered == sorted(covered, reverse=True)
    assert len({s["procedure"] for s in suggestions}) == len(suggestions)
    if concerns:
        best = max(len(set(concerns) & set(p.concerns)) for p in CATALOG)
        assert covered[0] == best


# --- input ---------------------------------------------------------------------------------------


def test_input_accepts_known_unique_concerns():
    data = FaceAnalysisInput.model_validate({"concerns": ["acne", "redness"]})

    assert data.concerns == ["acne", "redness"]
    assert data.consent_photo_processing is False
    assert FaceAnalysisInput.model_validate({}).concerns == []


@pytest.mark.parametrize(
    "concerns",
    [["acne", "tattoos"], ["acne", "acne"], [*CONCERNS, "acne"], "acne"],
    ids=["unknown", "duplicate", "thirteen", "not-a-list"],
)
def test_input_refuses_bad_concerns(concerns):
    with pytest.raises(ValidationError) as refused:
        FaceAnalysisInput.model_validate({"concerns": concerns})

    assert refused.value.errors()[0]["loc"][0] == "concerns"


def test_a_photo_needs_explicit_consent():
    with pytest.raises(ValidationError) as refused:
        FaceAnalysisInput.model_validate({"concerns": ["acne"]}, context={"has_photo": True})

    (error,) = refused.value.errors()
    assert error["loc"] == ("consent_photo_processing",)
    assert CONSENT_MESSAGE in error["msg"]
    consented = {"concerns": [], "consent_photo_processing": "on"}
    assert FaceAnalysisInput.model_validate(consented, context={"has_photo": True}).consent_photo_processing
    assert not FaceAnalysisInput.model_validate({}, context={"has_photo": False}).consent_photo_processing


# --- run -----------------------------------------------------------------------------------------


def test_run_without_a_photo_only_suggests():
    result = run(["unwanted_hair"], None, CATALOG)

    assert result == {
        "face_found": None,
        "photo_quality": None,
        "suggestions": [
            {
                "procedure": "laser_hair_removal",
                "name": "Laser hair removal",
                "why": "Treats unwanted hair, which you selected.",
            }
        ],
    }


def test_run_with_a_photo():
    result = run(["acne"], encode(astronaut(), "WEBP"), CATALOG)

    assert result["face_found"] is True
    assert result["photo_quality"]["ok"] is True
    assert result["suggestions"][0]["procedure"] == "chemical_peel"
    assert json.loads(json.dumps(result)) == result


def test_run_with_a_loaded_photo_and_without_a_face():
    photo = load_photo(encode(gradient(), "PNG"))

    result = run([], photo, CATALOG)

    assert result["face_found"] is False
    assert result["photo_quality"]["faces"] == 0
    assert [s["procedure"] for s in result["suggestions"]] == ["skin_consultation"]


def test_run_refuses_a_bad_photo():
    with pytest.raises(PhotoError):
        run(["acne"], b"GIF89a not really", CATALOG)


def test_the_detector_is_loaded_once_per_thread_and_safe_across_threads():
    photo = load_photo(encode(astronaut(), "JPEG"))
    expected = analyse_photo(photo)

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: analyse_photo(photo), range(8)))
        cascades = set(pool.map(lambda _: id(_cascade()), range(8)))

    assert all(result == expected for result in results)
    assert _cascade() is _cascade()
    assert 1 <= len(cascades) <= 4
