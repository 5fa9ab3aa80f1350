package dev.vigil.collectors.certificates.internal;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A lenient PEM reader: any text between blocks is ignored, every block is decoded on its own, and
 * a broken block (bad base64, no END line) becomes a problem naming the file and line instead of
 * failing the file.
 */
public final class PemScanner {
  private static final String BEGIN = "-----BEGIN ";
  private static final String END = "-----END ";
  private static final String DASHES = "-----";

  private PemScanner() {}

  /**
   * @param blocks the blocks that decoded
   * @param problems one line per broken block: {@code path:line: what}
   * @param sawBegin true when the text has at least one BEGIN line (it is PEM at all)
   */
  public record Result(List<PemBlock> blocks, List<String> problems, boolean sawBegin) {
    public Result {
      blocks = List.copyOf(blocks);
      problems = List.copyOf(problems);
    }
  }

  public static Result scan(String text, String path) {
    List<PemBlock> blocks = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    boolean sawBegin = false;
    int lineNo = 0;
    int pos = 0;
    int len = text.length();
    String type = null;
    int beginLine = 0;
    Map<String, String> headers = new LinkedHashMap<>();
    StringBuilder body = new StringBuilder();
    boolean inHeaders = false;
    int badLine = 0;
    while (pos < len) {
      int nl = text.indexOf('\n', pos);
      int end = nl < 0 ? len : nl;
      String line = text.substring(pos, end).strip();
      pos = end + 1;
      lineNo++;
      if (type == null) {
        if (line.startsWith(BEGIN) && line.endsWith(DASHES) && line.length() > 16) {
          sawBegin = true;
          type = line.substring(BEGIN.length(), line.length() - DASHES.length()).strip();
          beginLine = lineNo;
          headers = new LinkedHashMap<>();
          body.setLength(0);
          inHeaders = true;
          badLine = 0;
        }
        continue;
      }
      if (line.startsWith(END)) {
        String endType =
            line.endsWith(DASHES) && line.length() >= END.length() + DASHES.length()
                ? line.substring(END.length(), line.length() - DASHES.length()).strip()
                : "";
        if (!endType.equals(type)) {
          problems.add(
              path
                  + ":"
                  + lineNo
                  + ": END line '"
                  + endType
                  + "' does not match BEGIN "
                  + type
                  + " at line "
                  + beginLine);
        } else if (badLine > 0) {
          problems.add(path + ":" + badLine + ": bad base64 in " + type + " block");
        } else {
          try {
            byte[] der = Base64.getDecoder().decode(body.toString());
            if (der.length == 0) {
              problems.add(path + ":" + beginLine + ": empty " + type + " block");
            } else {
              blocks.add(new PemBlock(type, headers, der, beginLine));
            }
          } catch (IllegalArgumentException e) {
            problems.add(
                path + ":" + beginLine + ": bad base64 in " + type + " block: " + e.getMessage());
          }
        }
        type = null;
        continue;
      }
      if (line.startsWith(BEGIN)) {
        problems.add(
            path + ":" + beginLine + ": " + type + " block has no END line before line " + lineNo);
        type = null;
        // this BEGIN line starts the next block
        if (line.endsWith(DASHES) && line.length() > 16) {
          type = line.substring(BEGIN.length(), line.length() - DASHES.length()).strip();
          beginLine = lineNo;
          headers = new LinkedHashMap<>();
          body.setLength(0);
          inHeaders = true;
          badLine = 0;
        }
        continue;
      }
      if (inHeaders) {
        int colon = line.indexOf(':');
        if (colon > 0 && (line.indexOf(' ') < 0 || line.indexOf(' ') > colon)) {
          headers.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
          continue;
        }
        inHeaders = false;
        if (line.isEmpty()) {
          continue;
        }
      }
      if (line.isEmpty()) {
        continue;
      }
      if (badLine == 0 && !isBase64Line(line)) {
        badLine = lineNo;
      }
      body.append(line);
    }
    if (type != null) {
      problems.add(path + ":" + beginLine + ": " + type + " block has no END line");
    }
    return new Result(blocks, problems, sawBegin);
  }

  private static boolean isBase64Line(String line) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      boolean ok =
          c >= 'A' && c <= 'Z'
              || c >= 'a' && c <= 'z'
              || c >= '0' && c <= '9'
              || c == '+'
              || c == '/'
              || c == '=';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
