//! R1.7, R5.1: attachment metadata. The bytes live in browser storage; the core only records what
//! was attached and where.

use serde::{Deserialize, Serialize};

/// The shell's id for the stored file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AttachmentId(pub String);

/// Which part of the tracking form a file belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AttachedTo {
    /// R1.7: screenshots and logs of the problem.
    Description,
    /// R5.1: screenshots of the steps of the solution.
    Solution,
    /// R4.2: the requester's signature on the feedback (see `feedback::Signature`).
    Feedback,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub id: AttachmentId,
    pub file_name: String,
    /// e.g. `image/png`, `text/plain`.
    pub media_type: String,
    /// In bytes.
    pub size: u64,
    pub to: AttachedTo,
}

/// R1.7 from a phone: photos and pasted screenshots are scaled down before they are stored, so a
/// day of photos fits the browser's quota and the export file. Longest side and quality are
/// chosen so a typical phone photo ends near 200–300 KB and a form or screen stays legible.
pub const PHOTO_LONGEST_SIDE: u32 = 1600;
/// A picture this small (and no larger than [`PHOTO_LONGEST_SIDE`]) is kept as it is.
pub const PHOTO_KEEP_BYTES: u64 = 300 * 1024;
/// JPEG quality of a scaled picture (0–1, as the browser's canvas takes it).
pub const PHOTO_QUALITY: f64 = 0.8;

/// The lowest quality [`next_quality`] steps down to.
pub const PHOTO_LOWEST_QUALITY: f64 = 0.5;

/// A scaled picture came out at `bytes` with `quality`: the quality to try next, while it is
/// still over [`PHOTO_KEEP_BYTES`] (a busy scene, fine print) and above the lowest one.
pub fn next_quality(quality: f64, bytes: u64) -> Option<f64> {
    (bytes > PHOTO_KEEP_BYTES && quality > PHOTO_LOWEST_QUALITY + 0.01)
        .then(|| (quality - 0.15).max(PHOTO_LOWEST_QUALITY))
}

/// What to store for a picture of `width` × `height` pixels.
#[derive(Debug, Clone, PartialEq)]
pub enum PhotoPlan {
    /// The file as picked.
    Keep,
    /// Redrawn at this size as a JPEG of this quality, named `file_name`.
    Scale {
        width: u32,
        height: u32,
        quality: f64,
        file_name: String,
    },
}

/// How a picked or pasted image is stored. Only JPEG, PNG and WebP photos are scaled: a GIF may
/// move and an SVG is not pixels, so both are kept, as is any picture the person chose to keep as
/// the original (`keep_original`), or one already small.
pub fn photo_plan(
    file_name: &str,
    media_type: &str,
    size: u64,
    (width, height): (u32, u32),
    keep_original: bool,
) -> PhotoPlan {
    let scalable = matches!(media_type, "image/jpeg" | "image/png" | "image/webp");
    let longest = width.max(height);
    if keep_original
        || !scalable
        || longest == 0
        || (size <= PHOTO_KEEP_BYTES && longest <= PHOTO_LONGEST_SIDE)
    {
        return PhotoPlan::Keep;
    }
    let ratio = f64::from(PHOTO_LONGEST_SIDE.min(longest)) / f64::from(longest);
    let side = |n: u32| ((f64::from(n) * ratio).round() as u32).max(1);
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem);
    PhotoPlan::Scale {
        width: side(width),
        height: side(height),
        quality: PHOTO_QUALITY,
        file_name: format!("{stem}.jpg"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phone_photo_is_scaled_to_1600_pixels_on_its_longest_side() {
        assert_eq!(
            photo_plan(
                "IMG_0042.HEIC.jpeg",
                "image/jpeg",
                3_800_000,
                (4032, 3024),
                false
            ),
            PhotoPlan::Scale {
                width: 1600,
                height: 1200,
                quality: PHOTO_QUALITY,
                file_name: "IMG_0042.HEIC.jpg".into(),
            }
        );
        // Portrait keeps its shape.
        let PhotoPlan::Scale { width, height, .. } =
            photo_plan("p.png", "image/png", 900_000, (1080, 2400), false)
        else {
            panic!("a large screenshot is scaled");
        };
        assert_eq!((width, height), (720, 1600));
    }

    #[test]
    fn a_heavy_picture_that_is_already_small_is_recompressed_not_enlarged() {
        assert_eq!(
            photo_plan("scan.png", "image/png", 800_000, (1200, 900), false),
            PhotoPlan::Scale {
                width: 1200,
                height: 900,
                quality: PHOTO_QUALITY,
                file_name: "scan.jpg".into(),
            }
        );
    }

    #[test]
    fn a_busy_picture_steps_down_in_quality_until_it_fits_or_reaches_the_lowest() {
        assert_eq!(next_quality(PHOTO_QUALITY, 600_000), Some(0.65));
        assert_eq!(next_quality(0.65, 400_000), Some(0.5));
        assert_eq!(next_quality(0.5, 400_000), None);
        assert_eq!(next_quality(PHOTO_QUALITY, 200_000), None);
    }

    #[test]
    fn small_pictures_animations_drawings_and_chosen_originals_are_kept() {
        assert_eq!(
            photo_plan("a.jpg", "image/jpeg", 120_000, (1280, 960), false),
            PhotoPlan::Keep
        );
        assert_eq!(
            photo_plan("a.gif", "image/gif", 5_000_000, (3000, 3000), false),
            PhotoPlan::Keep
        );
        assert_eq!(
            photo_plan("a.svg", "image/svg+xml", 2_000_000, (4000, 4000), false),
            PhotoPlan::Keep
        );
        assert_eq!(
            photo_plan("a.jpg", "image/jpeg", 5_000_000, (4000, 3000), true),
            PhotoPlan::Keep
        );
    }
}
