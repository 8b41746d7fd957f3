"""How usable a face photo is: a face found, lit, sharp and framed well (OpenCV, deterministic)."""

import threading

import cv2
import numpy as np

from leadcapture.tools.photos import Photo

CASCADE_FILE = "haarcascade_frontalface_default.xml"
ANALYSIS_SIDE = 1024  # the photo's long side is scaled down to this before anything is measured
REGION_SIDE = 256  # the face (or, without one, the centre square) is measured at this size
MIN_SHORT_SIDE = 400
DARK_BELOW = 0.30
BRIGHT_ABOVE = 0.85
OVEREXPOSED_ABOVE = 0.25  # share of the region's pixels that are blown out to white
BLURRY_BELOW = 0.30
FACE_SMALL_BELOW = 0.15  # largest face's width as a share of the photo's width
FACE_CLOSE_ABOVE = 0.80

TIPS = {
    "no_face": "We could not find a face. Look straight at the camera with your whole face in the picture.",
    "too_dark": "Use more light: face a window or a lamp.",
    "too_bright": "The light is too harsh: avoid direct sunlight and flash.",
    "blurry": "The photo is blurry: hold the camera steady and tap your face to focus.",
    "too_small": "Move closer so that your face fills more of the picture.",
    "too_close": "Move back a little so that your whole face is in the picture.",
    "low_resolution": f"Use a higher-resolution photo (at least {MIN_SHORT_SIDE} pixels on the short side).",
}

_local = threading.local()


def analyse_photo(photo: Photo) -> dict:
    """The ``photo_quality`` result; lighting and sharpness are measured on the largest face if any."""
    gray = _analysis_gray(photo.pixels)
    faces = _cascade().detectMultiScale(gray, scaleFactor=1.1, minNeighbors=5)
    face = max(faces, key=lambda box: box[2] * box[3]) if len(faces) else None
    region = _region(gray, face)
    brightness = float(region.mean()) / 255
    overexposed = float((region >= 250).mean())
    sharpness = _sharpness(region)
    quality = {
        "resolution": {"width": photo.width, "height": photo.height},
        "faces": len(faces),
        "brightness": round(brightness, 3),
        "overexposed": round(overexposed, 3),
        "lighting": _lighting(brightness, overexposed),
        "sharpness": round(sharpness, 3),
        "focus": "blurry" if sharpness < BLURRY_BELOW else "sharp",
        "face_size": _face_size(face, gray.shape),
    }
    tips = _problems(quality, min(photo.width, photo.height))
    return {**quality, "ok": not tips, "tips": [TIPS[problem] for problem in tips]}


def _cascade() -> cv2.CascadeClassifier:
    """OpenCV's bundled frontal-face cascade, loaded once per thread (an instance is not thread-safe)."""
    cascade = getattr(_local, "cascade", None)
    if cascade is None:
        cascade = cv2.CascadeClassifier(cv2.data.haarcascades + CASCADE_FILE)
        if cascade.empty():
            raise RuntimeError(f"OpenCV's {CASCADE_FILE} is missing; install opencv-python-headless<5")
        _local.cascade = cascade
    return cascade


def _analysis_gray(pixels: np.ndarray) -> np.ndarray:
    """Grayscale, scaled down so the long side is at most ``ANALYSIS_SIDE`` (speed, comparable numbers)."""
    gray = cv2.cvtColor(pixels, cv2.COLOR_RGB2GRAY)
    height, width = gray.shape
    scale = ANALYSIS_SIDE / max(height, width)
    if scale >= 1:
        return gray
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return cv2.resize(gray, size, interpolation=cv2.INTER_AREA)


def _region(gray: np.ndarray, face) -> np.ndarray:
    """The face box, or the centre square without a face, resized to ``REGION_SIDE`` square."""
    if face is None:
        height, width = gray.shape
        side = min(height, width)
        top, left = (height - side) // 2, (width - side) // 2
        face = (left, top, side, side)
    x, y, w, h = face
    crop = gray[y : y + h, x : x + w]
    shrinking = w > REGION_SIDE
    return cv2.resize(
        crop, (REGION_SIDE, REGION_SIDE), interpolation=cv2.INTER_AREA if shrinking else cv2.INTER_CUBIC
    )


def _sharpness(region: np.ndarray) -> float:
    """Variance of the Laplacian as a percentage of the pixels' variance: focus, independent of contrast."""
    spread = float(region.var())
    return 100 * float(cv2.Laplacian(region, cv2.CV_64F).var()) / spread if spread > 1 else 0.0


def _lighting(brightness: float, overexposed: float) -> str:
    if brightness < DARK_BELOW:
        return "too_dark"
    if brightness > BRIGHT_ABOVE or overexposed > OVEREXPOSED_ABOVE:
        return "too_bright"
    return "good"


def _face_size(face, shape: tuple[int, int]) -> dict | None:
    """The largest face's share of the photo's width and area, and whether that suits an assessment."""
    if face is None:
        return None
    height, width = shape
    width_share = float(face[2]) / width
    judgement = "too_small" if width_share < FACE_SMALL_BELOW else "good"
    if width_share > FACE_CLOSE_ABOVE:
        judgement = "too_close"
    area_share = float(face[2] * face[3]) / (width * height)
    return {"width_share": round(width_share, 3), "area_share": round(area_share, 3), "judgement": judgement}


def _problems(quality: dict, short_side: int) -> list[str]:
    """What keeps the photo from being a good one, most important first (keys of ``TIPS``)."""
    problems = [] if quality["faces"] else ["no_face"]
    if quality["lighting"] != "good":
        problems.append(quality["lighting"])
    low_resolution = short_side < MIN_SHORT_SIDE
    if quality["focus"] == "blurry" and not low_resolution:  # too few pixels: the resolution tip says why
        problems.append("blurry")
    if quality["face_size"] and quality["face_size"]["judgement"] != "good":
        problems.append(quality["face_size"]["judgement"])
    if low_resolution:
        problems.append("low_resolution")
    return problems
