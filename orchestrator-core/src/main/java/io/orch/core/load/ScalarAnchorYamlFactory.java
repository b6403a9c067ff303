package io.orch.core.load;

import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.CharArrayReader;
import java.io.IOException;
import java.io.Reader;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * A YAMLFactory whose parsers also report anchors on scalar values. Jackson's YAMLParser (2.21) keeps the anchor of
 * a mapping, a sequence or a key, but drops the one on a scalar value, so {@code x-image: &img busybox} followed by
 * {@code image: *img} (common in Compose files) would read as an unknown alias. The event it drops is still the
 * parser's last event, so the subclass reads the anchor from there.
 */
final class ScalarAnchorYamlFactory extends YAMLFactory {
  private static final long serialVersionUID = 1L;

  ScalarAnchorYamlFactory(YAMLFactoryBuilder builder) {
    super(builder);
  }

  @Override
  protected YAMLParser _createParser(Reader r, IOContext ctxt) throws IOException {
    return new Parser(ctxt, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, r);
  }

  @Override
  protected YAMLParser _createParser(char[] data, int offset, int len, IOContext ctxt, boolean recyclable)
      throws IOException {
    return _createParser(new CharArrayReader(data, offset, len), ctxt);
  }

  private static final class Parser extends YAMLParser {
    Parser(IOContext ctxt, int parserFeatures, int formatFeatures, org.yaml.snakeyaml.LoaderOptions loaderOptions,
        com.fasterxml.jackson.core.ObjectCodec codec, Reader reader) {
      super(ctxt, parserFeatures, formatFeatures, loaderOptions, codec, reader);
    }

    @Override
    public String getObjectId() throws IOException {
      String id = super.getObjectId();
      if (id != null || _currToken == null || !_currToken.isScalarValue()) {
        return id;
      }
      Event last = _lastEvent;
      return last instanceof ScalarEvent scalar ? scalar.getAnchor() : null;
    }
  }
}
