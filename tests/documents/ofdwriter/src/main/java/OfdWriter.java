import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import org.ofdrw.layout.OFDDoc;
import org.ofdrw.layout.element.Paragraph;

/**
 * Renders a plan into OFD with ofdrw, a real OFD writer, for the OFD reader's tests.
 * Usage: java OfdWriter paragraphs.txt out.ofd [paragraphs2.txt out2.ofd ...]
 * (several files in one run: the JVM starts once). Each input holds one paragraph a line (UTF-8). Each paragraph is set as GB/T 9704 prints a
 * plan's body: 16 px text (about 3 号), first line indented two characters, lines wrapped by
 * ofdrw's layout, pages broken where the layout fills them.
 */
public class OfdWriter {
    public static void main(String[] args) throws Exception {
        for (int i = 0; i + 1 < args.length; i += 2) {
            write(Paths.get(args[i]), Paths.get(args[i + 1]));
        }
    }

    static void write(Path in, Path out) throws Exception {
        List<String> lines = Files.readAllLines(in, StandardCharsets.UTF_8);
        try (OFDDoc doc = new OFDDoc(out)) {
            for (String line : lines) {
                if (line.isBlank()) {
                    continue;
                }
                Paragraph p = new Paragraph(line, 5.6d);
                p.setFirstLineIndent(2);
                p.setLineSpace(2.5d);
                p.setMargin(0d, 0d, 1d, 0d);
                // ofdrw 2.3.1 drops a paragraph it splits across a page break: keep each whole
                p.setIntegrity(true);
                doc.add(p);
            }
        }
    }
}
