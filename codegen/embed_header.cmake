# Writes OUTPUT, a C++ file defining planck::kPlanckAbiHeader as the text of INPUT.
file(READ ${INPUT} content)
file(WRITE ${OUTPUT}
  "// Generated at build time from runtime/codegen/planck_abi.h: do not edit.\n"
  "namespace planck {\n"
  "extern const char kPlanckAbiHeader[];\n"
  "const char kPlanckAbiHeader[] = R\"PLANCKABI(${content})PLANCKABI\";\n"
  "}  // namespace planck\n")
