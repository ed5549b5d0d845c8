package org.marginface.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileTableTest {

    @TempDir
    Path tmp;

    /** An operation's self time leaves out the operations it called; names sum over their calls. */
    @Test
    void selfTimeLeavesOutNestedCalls() {
        ProfileTable t = ProfileTable.ofSpans(List.of(
                new Object[] {"aten::conv2d", 0, 100},
                new Object[] {"aten::mkldnn_convolution", 10, 90},
                new Object[] {"aten::empty", 12, 14},
                new Object[] {"aten::where", 100, 130},
                new Object[] {"aten::conv2d", 130, 150},
                new Object[] {"aten::mkldnn_convolution", 131, 149}));
        Map<String, Double> self = t.selfMillisecondsByName();
        assertEquals(List.of("aten::mkldnn_convolution", "aten::where", "aten::conv2d", "aten::empty"), List.copyOf(self.keySet()));
        assertEquals((78 + 18) / 1000.0, self.get("aten::mkldnn_convolution"), 1e-12);
        assertEquals((20 + 2) / 1000.0, self.get("aten::conv2d"), 1e-12);
        assertEquals(2, t.rows().get(0).calls());
        assertEquals(80 + 18, t.rows().get(0).totalMicros(), 1e-9);
    }

    /** Complete events ("ph": "X") of each thread nest separately; other events are left out. */
    @Test
    void readsChromeTraceThreadByThread() throws Exception {
        Path trace = tmp.resolve("trace.json");
        Files.writeString(trace, """
                {"traceEvents": [
                  {"name": "aten::add", "ph": "X", "ts": 0, "dur": 50, "pid": 1, "tid": 1},
                  {"name": "aten::mul", "ph": "X", "ts": 10, "dur": 20, "pid": 1, "tid": 2},
                  {"name": "marker", "ph": "i", "ts": 5, "pid": 1, "tid": 1}
                ]}
                """);
        Map<String, Double> self = ProfileTable.read(trace).selfMillisecondsByName();
        assertEquals(Map.of("aten::add", 0.05, "aten::mul", 0.02), self);
    }
}
