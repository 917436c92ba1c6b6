package org.dmaworkbench.kernel.soc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

/** The SoC identity of drivers/soc/renesas/renesas-soc.c (Linux 6.12) and lib/glob.c's glob_match(). */
public class SocInfoTest {

    @Test
    public void theRootsEarliestCompatibleInTheTableNamesTheSoc() {
        // r8a779m1-ulcb.dts: compatible = "renesas,h3ulcb", "renesas,r8a779m1", "renesas,r8a7795";
        // of_match_node() scores earlier compatibles higher, so renesas_socs[]'s r8a779m1 entry wins
        SocInfo h3e = SocInfo.of(List.of("renesas,h3ulcb", "renesas,r8a779m1", "renesas,r8a7795"), null);
        assertEquals("R-Car Gen3", h3e.family());
        assertEquals("r8a779m1", h3e.socId());
        assertNull("no 6.12 driver tells r8a779m1 revisions apart", h3e.revision());

        SocInfo h3 = SocInfo.of(List.of("renesas,salvator-x", "renesas,r8a7795"), null);
        assertEquals("r8a7795", h3.socId());
        assertEquals("ES3.0", h3.revision());
        assertEquals("Renesas R-Car Gen3 r8a7795 ES3.0", h3.toString());

        SocInfo m2w = SocInfo.of(List.of("renesas,koelsch", "renesas,r8a7791"), "ES3.0");
        assertEquals("R-Car Gen2", m2w.family());
        assertEquals("ES3.0", m2w.revision());

        assertEquals("RZ/G2", SocInfo.of(List.of("hoperun,hihope-rzg2n", "renesas,r8a774b1"), null).family());
        assertEquals("R-Car Gen4", SocInfo.of(List.of("renesas,white-hawk", "renesas,r8a779g0"), null).family());
        assertSame(SocInfo.NONE, SocInfo.of(List.of("acme,board", "acme,soc"), null));
    }

    @Test
    public void socDeviceMatchNeedsEveryGivenAttribute() {
        SocInfo es2 = new SocInfo("R-Car Gen3", "r8a7795", "ES2.0");
        assertTrue(es2.matches(null, "r8a7795", "ES2.*"));
        assertTrue(es2.matches("R-Car Gen3", null, null));
        assertFalse(es2.matches("R-Car Gen4", null, null));
        assertFalse(new SocInfo("R-Car Gen3", "r8a7795", "ES3.0").matches(null, "r8a7795", "ES2.*"));
        // an attribute the SoC lacks matches no pattern (soc_device_match_attr() returns 0 on a NULL value)
        assertFalse(new SocInfo("R-Car Gen3", "r8a7795", null).matches(null, "r8a7795", "ES*"));
        assertFalse(SocInfo.NONE.matches("R-Car Gen3", null, null));
    }

    @Test
    public void globMatchAsLibGlob() {
        // the patterns renesas_sdhi_internal_dmac.c and ipmmu-vmsa.c use, and lib/glob.c's own rules
        assertTrue(SocInfo.Glob.match("ES1.[012]", "ES1.2"));
        assertFalse(SocInfo.Glob.match("ES1.[012]", "ES1.3"));
        assertTrue(SocInfo.Glob.match("ES1.[!3]", "ES1.0"));
        assertFalse(SocInfo.Glob.match("ES1.[!3]", "ES1.3"));
        assertTrue(SocInfo.Glob.match("ES1.[0-2]", "ES1.1"));
        assertTrue(SocInfo.Glob.match("*", ""));
        assertTrue(SocInfo.Glob.match("r8a7*", "r8a77961"));
        assertFalse(SocInfo.Glob.match("r8a7?", "r8a7"));
        assertTrue(SocInfo.Glob.match("[]]", "]"));
        assertTrue(SocInfo.Glob.match("a\\*", "a*"));
        assertFalse(SocInfo.Glob.match("a\\*", "ab"));
    }
}
