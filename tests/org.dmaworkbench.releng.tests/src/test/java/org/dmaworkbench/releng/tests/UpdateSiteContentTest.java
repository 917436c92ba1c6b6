package org.dmaworkbench.releng.tests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.Test;

/** The p2 update site a user adds in Help > Install New Software holds our feature and every bundle it lists. */
public class UpdateSiteContentTest {
    private static final Pattern PLUGIN = Pattern.compile("<plugin\\s+id=\"([^\"]+)\"");

    private static List<String> featurePlugins() throws IOException {
        String xml = Files.readString(Builds.root().resolve("features/org.dmaworkbench.feature/feature.xml"));
        List<String> ids = new ArrayList<>();
        Matcher m = PLUGIN.matcher(xml);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static Set<String> idsIn(Path dir) throws IOException {
        Set<String> ids = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> ids.add(f.getFileName().toString().replaceFirst("_[0-9].*$", "")));
        }
        return ids;
    }

    @Test
    public void featureListsTheCoreAndUiBundles() throws IOException {
        assertEquals(List.of("org.dmaworkbench.devicetree", "org.dmaworkbench.hw", "org.dmaworkbench.kernel",
                "org.dmaworkbench.emulation", "org.dmaworkbench.devicetree.lang", "org.dmaworkbench.launch",
                "org.dmaworkbench.launch.ui", "org.dmaworkbench.ui", "org.dmaworkbench.emulation.ui", "org.dmaworkbench.doc",
                "org.dmaworkbench.devicetree.ui"), featurePlugins());
    }

    @Test
    public void repositoryHoldsTheFeatureAndAllItsBundles() throws IOException {
        Path site = Builds.updateSite();
        assertEquals(Set.of("org.dmaworkbench.feature"), idsIn(site.resolve("features")));
        assertEquals(new TreeSet<>(featurePlugins()), idsIn(site.resolve("plugins")));
        assertTrue(Files.isRegularFile(site.resolve("content.jar")));
        assertTrue(Files.isRegularFile(site.resolve("artifacts.jar")));
    }

    @Test
    public void metadataCategorisesTheFeature() throws IOException {
        String content;
        try (ZipFile jar = new ZipFile(Builds.updateSite().resolve("content.jar").toFile());
                InputStream in = jar.getInputStream(jar.getEntry("content.xml"))) {
            content = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertTrue(content.contains("id='org.dmaworkbench.feature.feature.group'"));
        // the category IU that Install New Software shows, labelled as in category.xml
        assertTrue(content.contains("value='DMA Workbench'"));
        assertTrue(content.contains("org.eclipse.equinox.p2.type.category"));
        for (String id : featurePlugins()) {
            assertTrue("no IU for " + id, content.contains("id='" + id + "'"));
        }
    }

    @Test
    public void zippedRepositoryHasTheSameArtifacts() throws IOException {
        Path zip = Builds.root().resolve("releng/org.dmaworkbench.repository/target/org.dmaworkbench.repository-0.1.0-SNAPSHOT.zip");
        Set<String> inZip = new TreeSet<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            z.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".jar")).forEach(inZip::add);
        }
        Set<String> onDisk = new TreeSet<>();
        Path site = Builds.updateSite();
        try (Stream<Path> files = Files.walk(site)) {
            files.filter(f -> f.toString().endsWith(".jar")).forEach(f -> onDisk.add(site.relativize(f).toString()));
        }
        assertFalse(onDisk.isEmpty());
        assertEquals(onDisk, inZip);
    }
}
