package org.dmaworkbench.emulation.replay;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writes a {@link ReplayResult} for people (a summary with tables) and for machines (JSON, no libraries). */
public final class ReplayReport {
    /** Live mappings listed in the terminal summary; the JSON has all of them. */
    public static final int MAX_LIVE_ROWS = 40;

    private ReplayReport() {
    }

    // ------------------------------------------------------------------------------------ terminal

    public static void printSummary(ReplayResult r, Appendable out) throws IOException {
        ReplayStats s = r.stats();
        out.append("Replayed ").append(String.join(", ", r.files())).append('\n');
        out.append("  ").append(Long.toString(s.lines())).append(" lines: ").append(Long.toString(s.dmaEvents()))
                .append(" dma events, ").append(Long.toString(s.iommuEvents())).append(" iommu events");
        if (s.dumpEntries() > 0) {
            out.append(", ").append(Long.toString(s.dumpEntries())).append(" dump entries");
        }
        out.append('\n');
        out.append("  skipped: ").append(Long.toString(s.commentLines())).append(" comment lines, ")
                .append(Long.toString(s.otherEvents())).append(" other events, ")
                .append(Long.toString(s.otherLines())).append(" other tracers' lines, ")
                .append(Long.toString(s.notFtraceLines())).append(" non-ftrace lines, ")
                .append(Long.toString(s.malformedLines())).append(" malformed lines; ")
                .append(Long.toString(s.lostEvents())).append(" events lost by the ring buffer\n");
        if (s.failedMappings() > 0 || s.truncatedSgLists() > 0) {
            out.append("  ").append(Long.toString(s.failedMappings())).append(" failed mappings, ")
                    .append(Long.toString(s.truncatedSgLists())).append(" truncated sg lists\n");
        }
        out.append('\n');

        out.append("Findings: ").append(Integer.toString(r.findings().size())).append('\n');
        if (!r.findings().isEmpty()) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] { "WHERE", "CHECK", "DEVICE", "MESSAGE" });
            for (Finding f : r.findings()) {
                String where = f.line() > 0 ? f.file() + ":" + f.line() : "end of capture";
                String[] lines = f.message().split("\n", -1);
                rows.add(new String[] { where, f.checkId(), f.device(), lines[0] });
                for (int i = 1; i < lines.length; i++) {
                    rows.add(new String[] { "", "", "", lines[i] });
                }
                if (f.mappedAtFile() != null) {
                    rows.add(new String[] { "", "", "", "(mapped at " + f.mappedAtFile() + ":" + f.mappedAtLine()
                            + ")" });
                }
            }
            table(out, rows);
        }
        out.append('\n');

        List<LiveMapping> live = r.liveMappings();
        out.append("Live mappings at the end: ").append(Integer.toString(live.size())).append('\n');
        if (!live.isEmpty()) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] { "DRIVER", "DEVICE", "TYPE", "DMA ADDRESS", "SIZE", "PHYS", "DIRECTION" });
            for (int i = 0; i < live.size() && i < MAX_LIVE_ROWS; i++) {
                LiveMapping m = live.get(i);
                rows.add(new String[] { m.driver(), m.device(), m.type(), "0x" + Long.toHexString(m.dmaAddr()),
                        Long.toUnsignedString(m.size()), LiveMapping.hex16(m.phys()), m.direction() });
            }
            table(out, rows);
            if (live.size() > MAX_LIVE_ROWS) {
                out.append("  ... and ").append(Integer.toString(live.size() - MAX_LIVE_ROWS))
                        .append(" more (all are in the --json output)\n");
            }
        }
        out.append('\n');
        out.append("Not known from a trace:\n");
        for (String l : r.limitations()) {
            out.append("  - ").append(l).append('\n');
        }
    }

    private static void table(Appendable out, List<String[]> rows) throws IOException {
        int cols = rows.get(0).length;
        int[] w = new int[cols];
        for (String[] row : rows) {
            for (int i = 0; i < cols; i++) {
                w[i] = Math.max(w[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder sb = new StringBuilder("  ");
            for (int i = 0; i < cols; i++) {
                sb.append(row[i]);
                if (i < cols - 1) {
                    for (int k = row[i].length(); k < w[i] + 2; k++) {
                        sb.append(' ');
                    }
                }
            }
            int end = sb.length();
            while (end > 0 && sb.charAt(end - 1) == ' ') {
                end--;
            }
            out.append(sb, 0, end).append('\n');
        }
    }

    // ------------------------------------------------------------------------------------ JSON

    /** The whole result as one JSON object (UTF-8 text; strings escaped per RFC 8259). */
    public static void writeJson(ReplayResult r, int exitStatus, Appendable out) throws IOException {
        ReplayStats s = r.stats();
        out.append("{\n  \"exitStatus\": ").append(Integer.toString(exitStatus)).append(",\n  \"files\": [");
        for (int i = 0; i < r.files().size(); i++) {
            out.append(i == 0 ? "" : ", ");
            str(out, r.files().get(i));
        }
        out.append("],\n  \"stats\": {");
        out.append("\"lines\": ").append(Long.toString(s.lines()));
        out.append(", \"commentLines\": ").append(Long.toString(s.commentLines()));
        out.append(", \"dmaEvents\": ").append(Long.toString(s.dmaEvents()));
        out.append(", \"iommuEvents\": ").append(Long.toString(s.iommuEvents()));
        out.append(", \"otherEvents\": ").append(Long.toString(s.otherEvents()));
        out.append(", \"otherLines\": ").append(Long.toString(s.otherLines()));
        out.append(", \"notFtraceLines\": ").append(Long.toString(s.notFtraceLines()));
        out.append(", \"malformedLines\": ").append(Long.toString(s.malformedLines()));
        out.append(", \"lostEvents\": ").append(Long.toString(s.lostEvents()));
        out.append(", \"failedMappings\": ").append(Long.toString(s.failedMappings()));
        out.append(", \"truncatedSgLists\": ").append(Long.toString(s.truncatedSgLists()));
        out.append(", \"dumpEntries\": ").append(Long.toString(s.dumpEntries()));
        out.append(", \"events\": {");
        boolean first = true;
        for (Map.Entry<String, Long> e : s.eventCounts().entrySet()) {
            out.append(first ? "" : ", ");
            first = false;
            str(out, e.getKey());
            out.append(": ").append(Long.toString(e.getValue()));
        }
        out.append("}},\n  \"findings\": [");
        for (int i = 0; i < r.findings().size(); i++) {
            Finding f = r.findings().get(i);
            out.append(i == 0 ? "\n    {" : ",\n    {");
            out.append("\"check\": ");
            str(out, f.checkId());
            out.append(", \"dmaDebug\": ").append(Boolean.toString(f.isDmaDebug()));
            out.append(", \"device\": ");
            str(out, f.device());
            out.append(", \"file\": ");
            str(out, f.file());
            out.append(", \"line\": ").append(Integer.toString(f.line()));
            out.append(", \"message\": ");
            str(out, f.message());
            out.append(", \"mappedAt\": ");
            if (f.mappedAtFile() == null) {
                out.append("null");
            } else {
                out.append("{\"file\": ");
                str(out, f.mappedAtFile());
                out.append(", \"line\": ").append(Integer.toString(f.mappedAtLine())).append('}');
            }
            out.append('}');
        }
        out.append(r.findings().isEmpty() ? "],\n" : "\n  ],\n");
        out.append("  \"diagnostics\": [");
        for (int i = 0; i < r.diagnostics().size(); i++) {
            Diagnostic d = r.diagnostics().get(i);
            out.append(i == 0 ? "\n    {" : ",\n    {");
            out.append("\"file\": ");
            str(out, d.file());
            out.append(", \"line\": ").append(Integer.toString(d.line()));
            out.append(", \"column\": ").append(Integer.toString(d.column()));
            out.append(", \"message\": ");
            str(out, d.message());
            if (d.isError()) {
                out.append(", \"severity\": \"error\"");
            }
            out.append('}');
        }
        out.append(r.diagnostics().isEmpty() ? "],\n" : "\n  ],\n");
        out.append("  \"liveMappings\": [");
        for (int i = 0; i < r.liveMappings().size(); i++) {
            LiveMapping m = r.liveMappings().get(i);
            out.append(i == 0 ? "\n    {" : ",\n    {");
            out.append("\"driver\": ");
            str(out, m.driver());
            out.append(", \"device\": ");
            str(out, m.device());
            out.append(", \"type\": ");
            str(out, m.type());
            out.append(", \"dmaAddr\": ");
            str(out, "0x" + Long.toHexString(m.dmaAddr()));
            out.append(", \"size\": ").append(Long.toUnsignedString(m.size()));
            out.append(", \"phys\": ");
            str(out, LiveMapping.hex16(m.phys()));
            out.append(", \"direction\": ");
            str(out, m.direction());
            out.append('}');
        }
        out.append(r.liveMappings().isEmpty() ? "],\n" : "\n  ],\n");
        out.append("  \"limitations\": [");
        for (int i = 0; i < r.limitations().size(); i++) {
            out.append(i == 0 ? "\n    " : ",\n    ");
            str(out, r.limitations().get(i));
        }
        out.append(r.limitations().isEmpty() ? "]\n}\n" : "\n  ]\n}\n");
    }

    static void str(Appendable out, String s) throws IOException {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
            case '"':
                out.append("\\\"");
                break;
            case '\\':
                out.append("\\\\");
                break;
            case '\n':
                out.append("\\n");
                break;
            case '\r':
                out.append("\\r");
                break;
            case '\t':
                out.append("\\t");
                break;
            default:
                if (c < 0x20) {
                    String h = Integer.toHexString(c);
                    out.append("\\u").append("0000".substring(h.length())).append(h);
                } else {
                    out.append(c);
                }
            }
        }
        out.append('"');
    }
}
