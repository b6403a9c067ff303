package io.orch.core.load;

import io.orch.core.load.ComposeFiles.Origin;
import io.orch.core.load.YamlNode.Entry;
import io.orch.core.load.YamlNode.Mapping;
import io.orch.core.load.YamlNode.Scalar;
import io.orch.core.load.YamlNode.Sequence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Compose's top-level {@code include:}: each entry (a path, or {@code path} (one or several files merged),
 * {@code project_directory} and {@code env_file}) is loaded as a project of its own, its relative paths made
 * absolute against its project directory, and its services, networks, volumes, secrets and configs added to the
 * including file. A resource defined on both sides with different content is an error naming both files, as in
 * Compose: the including file cannot silently change an included service (an override file can).
 */
final class IncludeResolver {
  private static final List<String> RESOURCES = List.of("services", "networks", "volumes", "secrets", "configs");
  private static final String EXAMPLE = "include: [../common/compose.yaml] or include: [{path: ../db/compose.yaml,"
      + " project_directory: ../db, env_file: ../db/.env}]";

  private final ComposeFiles files;

  IncludeResolver(ComposeFiles files) {
    this.files = files;
  }

  /** The root without its include: key, with the included resources added. */
  Mapping apply(Mapping root, Origin origin) {
    Entry include = root.entries().get("include");
    if (include == null) {
      return root;
    }
    Map<String, Entry> rest = new LinkedHashMap<>(root.entries());
    rest.remove("include");
    Mapping result = new Mapping(rest, root.mark(), root.path());
    YamlNode node = include.value();
    if (ReadContext.isNull(node)) {
      return result;
    }
    if (!(node instanceof Sequence items)) {
      files.diagnostics().error(node, "include must be a list, found " + ReadContext.describe(node), EXAMPLE);
      return result;
    }
    for (YamlNode item : items.items()) {
      Mapping included = load(item, origin);
      if (included != null) {
        result = addResources(result, included, origin);
      }
    }
    return result;
  }

  private Mapping load(YamlNode item, Origin origin) {
    Diagnostics diagnostics = files.diagnostics();
    List<YamlNode> paths = new ArrayList<>();
    YamlNode projectDirectory = null;
    List<YamlNode> envFiles = new ArrayList<>();
    if (item instanceof Scalar s && !s.isNull()) {
      paths.add(item);
    } else if (item instanceof Mapping m) {
      m.entries().forEach((k, e) -> {
        switch (k) {
          case "path" -> paths.addAll(scalars(e.value()));
          case "project_directory" -> { } // read below
          case "env_file" -> envFiles.addAll(scalars(e.value()));
          default -> diagnostics.add(Diagnostic.Severity.ERROR, e.keyMark(), e.value().path(),
              "unknown include key " + k, "an include entry has path, project_directory and env_file");
        }
      });
      projectDirectory = m.get("project_directory");
    } else {
      diagnostics.error(item, "an include entry must be a path or a mapping, found " + ReadContext.describe(item),
          EXAMPLE);
      return null;
    }
    if (paths.isEmpty()) {
      diagnostics.error(item, "include entry without a path", EXAMPLE);
      return null;
    }
    for (YamlNode p : paths) {
      if (!(p instanceof Scalar s) || s.isNull()) {
        diagnostics.error(p, "an include path must be a string, found " + ReadContext.describe(p), EXAMPLE);
        return null;
      }
    }
    if (origin.dir() == null) {
      diagnostics.error(item, "include needs files on disk, but " + origin.name() + " was not loaded from a file",
          "run orch with -f FILE: the CLI resolves include: and submits the result");
      return null;
    }
    List<Path> resolved = paths.stream().map(p -> origin.dir().resolve(text(p)).normalize()).toList();
    // "/" has no parent: reading it fails below with a located error, the project folder just must not be null.
    Path first = resolved.get(0);
    Path projectDir = ReadContext.isNull(projectDirectory) ? (first.getParent() == null ? first : first.getParent())
        : origin.dir().resolve(text(projectDirectory)).normalize();
    List<String> cycle = files.includeCycle(resolved.get(0));
    if (!cycle.isEmpty()) {
      diagnostics.error(paths.get(0), "include cycle: " + String.join(" -> ", cycle),
          "remove one of these include: entries");
      return null;
    }
    Function<String, String> variables = variables(origin, projectDir, envFiles, item);
    List<ComposeFiles.Source> sources = new ArrayList<>();
    for (int i = 0; i < resolved.size(); i++) {
      Path file = resolved.get(i);
      String text = files.read(file, paths.get(i));
      if (text == null) {
        return null;
      }
      sources.add(new ComposeFiles.Source(new Origin(files.display(file), file, projectDir, variables), text));
    }
    YamlNode tree = files.merge(sources);
    if (!(tree instanceof Mapping merged)) {
      if (tree != null) {
        diagnostics.error(tree, "an included file must be a mapping, found " + ReadContext.describe(tree),
            "start it with services:");
      }
      return null;
    }
    return RelativePaths.ofFile(merged, projectDir);
  }

  /**
   * The included project's variables: the including project's first, then its env_file(s) (default: the .env of its
   * project directory) for what those leave unset, as compose-go does.
   */
  private Function<String, String> variables(Origin origin, Path projectDir, List<YamlNode> envFiles,
      YamlNode item) {
    Map<String, String> values = new HashMap<>();
    if (envFiles.isEmpty()) {
      Path dotEnv = projectDir.resolve(".env");
      if (Files.isRegularFile(dotEnv)) {
        readInto(values, dotEnv, item, origin);
      }
    } else {
      for (YamlNode envFile : envFiles) {
        readInto(values, origin.dir().resolve(text(envFile)).normalize(), envFile, origin);
      }
    }
    Function<String, String> parent = origin.variables();
    return name -> {
      String v = parent.apply(name);
      return v != null ? v : values.get(name);
    };
  }

  private void readInto(Map<String, String> values, Path file, YamlNode at, Origin origin) {
    String text = files.read(file, at);
    if (text == null) {
      return;
    }
    DotEnv.Parsed parsed = DotEnv.parse(text, origin.variables()::apply);
    values.putAll(parsed.values());
    parsed.problems().forEach(p -> files.diagnostics().error(at, files.display(file) + " " + p,
        "lines are KEY=VALUE, # starts a comment"));
  }

  /** Adds the included resources; one already defined differently by the including file is an error. */
  private Mapping addResources(Mapping root, Mapping included, Origin origin) {
    Map<String, Entry> out = new LinkedHashMap<>(root.entries());
    for (String kind : RESOURCES) {
      if (!(included.get(kind) instanceof Mapping add)) {
        continue;
      }
      Entry ownEntry = out.get(kind);
      Mapping own = ownEntry != null && ownEntry.value() instanceof Mapping m ? m
          : new Mapping(Map.of(), add.mark(), kind);
      Map<String, Entry> merged = new LinkedHashMap<>(own.entries());
      add.entries().forEach((name, e) -> {
        Entry existing = merged.get(name);
        if (existing == null) {
          merged.put(name, e);
        } else if (!ComposeMerge.plain(existing.value()).equals(ComposeMerge.plain(e.value()))) {
          files.diagnostics().add(Diagnostic.Severity.ERROR, existing.keyMark(), YamlNode.child(kind, name),
              kind + "." + name + " is also defined, differently, in the included file " + where(e),
              "rename one of them, or change the included one with an override file (-f)");
        }
      });
      Mapping value = new Mapping(merged, own.mark(), own.path());
      out.put(kind, ownEntry == null ? new Entry(kind, add.mark(), value) : ownEntry.withValue(value));
    }
    return new Mapping(out, root.mark(), root.path());
  }

  private static String where(Entry e) {
    YamlNode.Mark m = e.keyMark();
    return m.file() + (m.line() > 0 ? ":" + m.line() + ":" + m.column() : "");
  }

  private List<YamlNode> scalars(YamlNode node) {
    if (node instanceof Sequence s) {
      return s.items();
    }
    return ReadContext.isNull(node) ? List.of() : List.of(node);
  }

  private String text(YamlNode node) {
    return node instanceof Scalar s ? s.text() : "";
  }
}
