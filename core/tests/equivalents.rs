//! The equivalence table is complete: every check of hadolint, BuildKit, Trivy
//! and Checkov that a Dockerfile can show has a shipshape rule naming it as an
//! equivalent, or sits in `OMITTED` with the reason we do not follow it.
//! The peer id lists are those of `shared/reference/rules-anchors.md` (§1, §3,
//! §4, §5) and must only grow.

use std::collections::BTreeSet;

use shipshape_core::rule::Tool;
use shipshape_core::rules;

const HADOLINT: &[&str] = &[
    "DL1001", "DL3000", "DL3001", "DL3002", "DL3003", "DL3004", "DL3006", "DL3007", "DL3008",
    "DL3009", "DL3010", "DL3011", "DL3012", "DL3013", "DL3014", "DL3015", "DL3016", "DL3018",
    "DL3019", "DL3020", "DL3021", "DL3022", "DL3023", "DL3024", "DL3025", "DL3026", "DL3027",
    "DL3028", "DL3029", "DL3030", "DL3032", "DL3033", "DL3034", "DL3035", "DL3036", "DL3037",
    "DL3038", "DL3040", "DL3041", "DL3042", "DL3043", "DL3044", "DL3045", "DL3046", "DL3047",
    "DL3048", "DL3049", "DL3050", "DL3051", "DL3052", "DL3053", "DL3054", "DL3055", "DL3056",
    "DL3057", "DL3058", "DL3059", "DL3060", "DL3061", "DL3062", "DL3063", "DL3064", "DL3065",
    "DL3066", "DL3067", "DL4000", "DL4001", "DL4003", "DL4004", "DL4005", "DL4006",
];

/// hadolint's code for a file it cannot parse (not one of its 71 rules).
const HADOLINT_EXTRA: &[&str] = &["DL1000"];

const BUILDKIT: &[&str] = &[
    "StageNameCasing",
    "FromAsCasing",
    "NoEmptyContinuation",
    "ConsistentInstructionCasing",
    "DuplicateStageName",
    "ReservedStageName",
    "JSONArgsRecommended",
    "MaintainerDeprecated",
    "UndefinedArgInFrom",
    "WorkdirRelativePath",
    "UndefinedVar",
    "MultipleInstructionsDisallowed",
    "LegacyKeyValueFormat",
    "InvalidBaseImagePlatform",
    "RedundantTargetPlatform",
    "SecretsUsedInArgOrEnv",
    "InvalidDefaultArgInFrom",
    "FromPlatformFlagConstDisallowed",
    "CopyIgnoredFile",
    "InvalidDefinitionDescription",
    "ExposeProtoCasing",
    "ExposeInvalidFormat",
];

const TRIVY: &[&str] = &[
    "DS-0001", "DS-0002", "DS-0004", "DS-0005", "DS-0006", "DS-0007", "DS-0008", "DS-0009",
    "DS-0010", "DS-0011", "DS-0012", "DS-0013", "DS-0014", "DS-0015", "DS-0016", "DS-0017",
    "DS-0019", "DS-0020", "DS-0021", "DS-0022", "DS-0023", "DS-0024", "DS-0025", "DS-0026",
    "DS-0027", "DS-0029", "DS-0030", "DS-0031",
];

const CHECKOV: &[&str] = &[
    "CKV_DOCKER_1",
    "CKV_DOCKER_2",
    "CKV_DOCKER_3",
    "CKV_DOCKER_4",
    "CKV_DOCKER_5",
    "CKV_DOCKER_6",
    "CKV_DOCKER_7",
    "CKV_DOCKER_8",
    "CKV_DOCKER_9",
    "CKV_DOCKER_10",
    "CKV_DOCKER_11",
    "CKV2_DOCKER_1",
    "CKV2_DOCKER_2",
    "CKV2_DOCKER_3",
    "CKV2_DOCKER_4",
    "CKV2_DOCKER_5",
    "CKV2_DOCKER_6",
    "CKV2_DOCKER_7",
    "CKV2_DOCKER_8",
    "CKV2_DOCKER_9",
    "CKV2_DOCKER_10",
    "CKV2_DOCKER_11",
    "CKV2_DOCKER_12",
    "CKV2_DOCKER_13",
    "CKV2_DOCKER_14",
    "CKV2_DOCKER_15",
    "CKV2_DOCKER_16",
    "CKV2_DOCKER_17",
];

/// Peer checks with no shipshape equivalent, and why.
const OMITTED: &[(Tool, &str, &str)] = &[(
    Tool::Buildkit,
    "InvalidBaseImagePlatform",
    "needs the base image's manifest from a registry; shipshape never touches the network",
)];

fn mapped(tool: Tool) -> BTreeSet<&'static str> {
    rules::all()
        .flat_map(|m| m.equivalents.iter())
        .filter(|e| e.tool == tool)
        .map(|e| e.id)
        .collect()
}

fn check_complete(tool: Tool, ids: &[&str], extra: &[&str]) {
    let have = mapped(tool);
    let omitted: BTreeSet<&str> = OMITTED
        .iter()
        .filter(|(t, _, _)| *t == tool)
        .map(|(_, id, _)| *id)
        .collect();
    let missing: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|id| !have.contains(id) && !omitted.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "{} checks with no equivalent and no documented omission: {missing:?}",
        tool.as_str()
    );
    for id in &omitted {
        assert!(
            !have.contains(id),
            "{id} is listed as omitted but a rule names it"
        );
    }
    let known: BTreeSet<&str> = ids.iter().chain(extra).copied().collect();
    let unknown: Vec<&&str> = have.iter().filter(|id| !known.contains(*id)).collect();
    assert!(
        unknown.is_empty(),
        "rules name {} ids that do not exist: {unknown:?}",
        tool.as_str()
    );
}

#[test]
fn every_hadolint_rule_has_an_equivalent() {
    assert_eq!(HADOLINT.len(), 71);
    check_complete(Tool::Hadolint, HADOLINT, HADOLINT_EXTRA);
}

#[test]
fn every_buildkit_check_has_an_equivalent_or_a_reason() {
    assert_eq!(BUILDKIT.len(), 22);
    check_complete(Tool::Buildkit, BUILDKIT, &[]);
}

#[test]
fn every_trivy_check_has_an_equivalent() {
    assert_eq!(TRIVY.len(), 28);
    check_complete(Tool::Trivy, TRIVY, &[]);
}

#[test]
fn every_checkov_check_has_an_equivalent() {
    assert_eq!(CHECKOV.len(), 28);
    check_complete(Tool::Checkov, CHECKOV, &[]);
}

#[test]
fn omissions_have_reasons() {
    for (_, id, why) in OMITTED {
        assert!(why.len() > 20, "{id}: give the reason in a sentence");
    }
}

#[test]
fn every_peer_id_finds_its_rule() {
    for id in HADOLINT.iter().chain(TRIVY).chain(CHECKOV) {
        let hit = rules::all().any(|m| m.matches(id));
        assert!(hit, "`shipshape explain {id}` would find nothing");
    }
}
