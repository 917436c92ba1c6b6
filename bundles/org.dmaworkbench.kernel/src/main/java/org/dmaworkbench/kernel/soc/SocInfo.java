package org.dmaworkbench.kernel.soc;

import java.util.List;
import java.util.Map;

/**
 * What {@code soc_device_match()} sees on a Renesas SoC: the family, the SoC id and the revision that
 * drivers/soc/renesas/renesas-soc.c (Linux 6.12) registers at boot. The SoC is the entry of its
 * {@code renesas_socs[]} table that {@code of_match_node()} picks for the root node (the root's earliest
 * {@code compatible} string in the table wins); the id is that compatible without {@code "renesas,"}, so an
 * r8a779m1 board (H3e-2G) is {@code r8a779m1}, not {@code r8a7795}. The kernel reads the revision from the PRR;
 * here it comes from the scenario, and by default it is the newest revision any 6.12 driver tells apart for that
 * SoC (none when no driver looks at it: {@code soc_device_match()} then never matches a revision pattern).
 *
 * @param family   {@code "R-Car Gen3"}, {@code "RZ/G2"}, ...; null when the root matches no Renesas SoC
 * @param socId    {@code "r8a7795"}, ...; null likewise
 * @param revision {@code "ES3.0"}, ...; null when unknown
 */
public record SocInfo(String family, String socId, String revision) {

    /** A machine that is no Renesas SoC the kernel knows: nothing matches. */
    public static final SocInfo NONE = new SocInfo(null, null, null);

    private static final String GEN1 = "R-Car Gen1";
    private static final String GEN2 = "R-Car Gen2";
    private static final String GEN3 = "R-Car Gen3";
    private static final String GEN4 = "R-Car Gen4";
    private static final String RZG1 = "RZ/G1";
    private static final String RZG2 = "RZ/G2";

    /** renesas_socs[]: compatible without "renesas," -> family (an ordered map: lookups go by the root's order). */
    private static final Map<String, String> FAMILIES = Map.ofEntries(
            Map.entry("r7s72100", "RZ/A1"), Map.entry("r7s9210", "RZ/A2"),
            Map.entry("r8a73a4", "R-Mobile"), Map.entry("r8a7740", "R-Mobile"),
            Map.entry("r8a7742", RZG1), Map.entry("r8a7743", RZG1), Map.entry("r8a7744", RZG1),
            Map.entry("r8a7745", RZG1), Map.entry("r8a77470", RZG1),
            Map.entry("r8a774a1", RZG2), Map.entry("r8a774b1", RZG2), Map.entry("r8a774c0", RZG2),
            Map.entry("r8a774e1", RZG2),
            Map.entry("r8a7778", GEN1), Map.entry("r8a7779", GEN1),
            Map.entry("r8a7790", GEN2), Map.entry("r8a7791", GEN2), Map.entry("r8a7792", GEN2),
            Map.entry("r8a7793", GEN2), Map.entry("r8a7794", GEN2),
            Map.entry("r8a7795", GEN3), Map.entry("r8a779m0", GEN3), Map.entry("r8a779m1", GEN3),
            Map.entry("r8a779m8", GEN3), Map.entry("r8a779mb", GEN3),
            Map.entry("r8a7796", GEN3), Map.entry("r8a77961", GEN3), Map.entry("r8a779m2", GEN3),
            Map.entry("r8a779m3", GEN3), Map.entry("r8a77965", GEN3), Map.entry("r8a779m4", GEN3),
            Map.entry("r8a779m5", GEN3), Map.entry("r8a77970", GEN3), Map.entry("r8a77980", GEN3),
            Map.entry("r8a77990", GEN3), Map.entry("r8a779m6", GEN3), Map.entry("r8a77995", GEN3),
            Map.entry("r8a779m7", GEN3),
            Map.entry("r8a779a0", GEN4), Map.entry("r8a779f0", GEN4), Map.entry("r8a779g0", GEN4),
            Map.entry("r8a779h0", GEN4),
            Map.entry("r9a07g043", "RZ/G2UL"), Map.entry("r9a07g044", "RZ/G2L"), Map.entry("r9a07g054", "RZ/V2L"),
            Map.entry("r9a08g045", "RZ/G3S"), Map.entry("r9a09g011", "RZ/V2M"), Map.entry("r9a09g057", "RZ/V2H"),
            Map.entry("sh73a0", "SH-Mobile"));

    /**
     * The newest revision a 6.12 driver distinguishes, per SoC id: r8a7795 (H3) ES3.0 (ipmmu-vmsa.c denies
     * ES2.*, renesas_sdhi_internal_dmac.c quirks ES2.0), r8a7796 (M3-W) ES1.3 (the SDHI quirks name ES1.0 to
     * ES1.3, renesas-soc.c fixes up the PRR of ES1.3), r8a774a1 (RZ/G2M) ES1.3 (SDHI quirks for ES1.[012]).
     */
    private static final Map<String, String> NEWEST_REVISION = Map.of("r8a7795", "ES3.0", "r8a7796", "ES1.3",
            "r8a774a1", "ES1.3");

    /**
     * The SoC a board's root {@code compatible} list names, with {@code revision} (null: the default above).
     */
    public static SocInfo of(List<String> rootCompatible, String revision) {
        for (String c : rootCompatible) {
            if (!c.startsWith("renesas,")) {
                continue;
            }
            String id = c.substring("renesas,".length());
            String family = FAMILIES.get(id);
            if (family != null) {
                return new SocInfo(family, id, revision != null ? revision : NEWEST_REVISION.get(id));
            }
        }
        return NONE;
    }

    /** The revision {@link #of} picks when the scenario gives none; null when no driver looks at it. */
    public static String defaultRevision(String socId) {
        return NEWEST_REVISION.get(socId);
    }

    /**
     * {@code soc_device_match()} for one {@code struct soc_device_attribute}: every non-null pattern must match the
     * SoC's attribute with {@code glob_match()}; an attribute the SoC lacks matches no pattern.
     */
    public boolean matches(String familyGlob, String socIdGlob, String revisionGlob) {
        return matches(familyGlob, family) && matches(socIdGlob, socId) && matches(revisionGlob, revision);
    }

    private static boolean matches(String pattern, String value) {
        if (pattern == null) {
            return true;
        }
        return value != null && Glob.match(pattern, value);
    }

    /** "Renesas R-Car Gen3 r8a7795 ES3.0", as renesas_soc_init() prints it after "Detected ". */
    @Override
    public String toString() {
        if (socId == null) {
            return "no Renesas SoC";
        }
        return "Renesas " + family + " " + socId + (revision == null ? "" : " " + revision);
    }

    /**
     * lib/glob.c {@code glob_match()}: {@code *}, {@code ?}, {@code [...]} classes with ranges and {@code !}, and
     * {@code \\} escapes.
     */
    static final class Glob {
        private Glob() {
        }

        static boolean match(String pat, String str) {
            return match(pat, 0, str, 0);
        }

        private static boolean match(String pat, int p, String str, int s) {
            while (p < pat.length()) {
                char c = pat.charAt(p);
                if (c == '*') {
                    for (int k = s; k <= str.length(); k++) {
                        if (match(pat, p + 1, str, k)) {
                            return true;
                        }
                    }
                    return false;
                }
                if (s >= str.length()) {
                    return false;
                }
                char d = str.charAt(s);
                if (c == '?') {
                    p++;
                    s++;
                    continue;
                }
                if (c == '[') {
                    int q = p + 1;
                    boolean negate = q < pat.length() && pat.charAt(q) == '!';
                    if (negate) {
                        q++;
                    }
                    boolean hit = false;
                    int first = q;
                    while (q < pat.length() && (pat.charAt(q) != ']' || q == first)) {
                        char lo = pat.charAt(q);
                        char hi = lo;
                        if (q + 2 < pat.length() && pat.charAt(q + 1) == '-' && pat.charAt(q + 2) != ']') {
                            hi = pat.charAt(q + 2);
                            q += 2;
                        }
                        if (d >= lo && d <= hi) {
                            hit = true;
                        }
                        q++;
                    }
                    if (q >= pat.length()) {
                        // no closing bracket: glob_match() then treats '[' as an ordinary character
                        if (d != '[') {
                            return false;
                        }
                        p++;
                        s++;
                        continue;
                    }
                    if (hit == negate) {
                        return false;
                    }
                    p = q + 1;
                    s++;
                    continue;
                }
                if (c == '\\' && p + 1 < pat.length()) {
                    c = pat.charAt(++p); // an escaped character matches itself
                }
                if (c != d) {
                    return false;
                }
                p++;
                s++;
            }
            return s == str.length();
        }
    }
}
