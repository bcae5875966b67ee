# Turns a text file into a C++ source defining gaflight::embedded::openapiDocument().
# A char array (not a constexpr string_view) so large documents do not hit constexpr limits.
file(READ ${IN} content)
set(delim "gaf_embed_")
file(WRITE ${OUT} "#include <string_view>\nnamespace gaflight::embedded {\nnamespace {\nconst char kText[] = R\"${delim}(${content})${delim}\";\n}\nstd::string_view openapiDocument() { return std::string_view(kText, sizeof(kText) - 1); }\n}  // namespace gaflight::embedded\n")
