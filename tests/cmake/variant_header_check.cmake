cmake_minimum_required(VERSION 3.25)
# Runs the build's own variant checks (cmake/SvmVariants.cmake) on one
# fixture in script mode: cmake -DFIXTURE=... -DSOURCE_DIR=... -P this-file.
# The ctest entries match the one-line error each fixture must produce.
set(CMAKE_SOURCE_DIR "${SOURCE_DIR}")
string(REPLACE "|" ";" SVM_C_INCLUDE_DIRS "${SVM_C_INCLUDE_DIRS_BAR}")
include("${SOURCE_DIR}/cmake/SvmVariants.cmake")
svm_variant_header("${FIXTURE}" V)
svm_api_gen("${V_Api}" gen "${V_Rel}")
svm_variant_syntax_check("${FIXTURE}" "${V_Rel}" "${SOURCE_DIR}/src/copy/glue_copy.c" ${gen} 21)
message(STATUS "variant ${V_Variant} accepted: ${V_Description}")
