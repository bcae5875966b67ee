# Turns a text file into a C++ source defining gaflight::embedded::openapiDocument().
file(READ ${IN} content)
set(delim "gaf_embed_")
file(WRITE ${OUT} "#include <string_view>\nnamespace gaflight::embedded {\nstd::string_view openapiDocument() {\n  static constexpr std::string_view kText = R\"${delim}(${content})${delim}\";\n  return kText;\n}\n}  // namespace gaflight::embedded\n")
