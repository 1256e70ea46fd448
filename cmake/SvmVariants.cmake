# Variant discovery: a variant is one C file whose header comment states
#   Variant: <name>   (equal to the file name without .c)
#   Api:     <generation>
#   Source:  <what behaviour it reproduces>
#   Expect:  pass | <PROPERTY-ID>[, <PROPERTY-ID>...]
# followed by a description. The build finds variant files by glob; a
# missing key or a file that does not compile is a one-line configure error
# naming the file. Nothing is registered anywhere else.

set(SVM_VARIANT_KEYS Variant Api Source Expect)

# svm_fatal(<text>): the one line a user needs, unwrapped, then stop.
# (CMake wraps FATAL_ERROR text over several lines; the NOTICE line is the
# message, what follows is CMake's own trace.)
function(svm_fatal text)
  message(NOTICE "svmcheck: ${text}")
  message(FATAL_ERROR "${text}")
endfunction()

# svm_variant_header(<file> <prefix>): sets <prefix>_Variant, _Api, _Source,
# _Expect and _Description in the caller's scope.
function(svm_variant_header file prefix)
  file(STRINGS "${file}" lines LIMIT_COUNT 60)
  set(desc "")
  set(in_desc OFF)
  foreach(line IN LISTS lines)
    if(line MATCHES "^ \\* ([A-Za-z]+): (.*)$")
      set(key "${CMAKE_MATCH_1}")
      set(val "${CMAKE_MATCH_2}")
      if(key IN_LIST SVM_VARIANT_KEYS)
        string(STRIP "${val}" val)
        set(${prefix}_${key} "${val}" PARENT_SCOPE)
        set(found_${key} ON)
        if(key STREQUAL "Expect")
          set(in_desc ON)
        endif()
        continue()
      endif()
    endif()
    if(in_desc)
      if(line MATCHES "^ \\*/")
        set(in_desc OFF)
      elseif(line MATCHES "^ \\* ?(.*)$")
        string(APPEND desc " ${CMAKE_MATCH_1}")
      endif()
    endif()
  endforeach()
  file(RELATIVE_PATH rel "${CMAKE_SOURCE_DIR}" "${file}")
  foreach(key IN LISTS SVM_VARIANT_KEYS)
    if(NOT found_${key})
      svm_fatal("${rel}: variant header has no '${key}:' line")
    endif()
  endforeach()
  string(STRIP "${desc}" desc)
  string(REGEX REPLACE "  +" " " desc "${desc}")
  set(${prefix}_Description "${desc}" PARENT_SCOPE)
  set(${prefix}_Rel "${rel}" PARENT_SCOPE)
endfunction()

# Writes a generated file only when its content changes (no needless rebuilds).
function(svm_write_if_changed path content)
  set(old "")
  if(EXISTS "${path}")
    file(READ "${path}" old)
  endif()
  if(NOT old STREQUAL content)
    file(WRITE "${path}" "${content}")
  endif()
endfunction()

function(svm_c_string out in)
  string(REPLACE "\\" "\\\\" s "${in}")
  string(REPLACE "\"" "\\\"" s "${s}")
  set(${out} "\"${s}\"" PARENT_SCOPE)
endfunction()

# svm_api_gen(<api> <out>): "G1" -> 1, ...
function(svm_api_gen api out file)
  if(api MATCHES "^G([1-3])$")
    set(${out} "${CMAKE_MATCH_1}" PARENT_SCOPE)
  else()
    svm_fatal("${file}: 'Api: ${api}' is not a known copy API generation (G1, G2, G3)")
  endif()
endfunction()

# Compiles a variant once at configure time so a broken file is one line.
function(svm_variant_syntax_check file rel glue gen shift)
  set(incs)
  foreach(d IN LISTS SVM_C_INCLUDE_DIRS)
    list(APPEND incs "-I${d}")
  endforeach()
  execute_process(
    COMMAND "${CMAKE_C_COMPILER}" -fsyntax-only -std=gnu11 -w -DPAGE_SHIFT=${shift}
            -DSVM_API_GEN=${gen} "-DSVM_VARIANT_FILE=\"${file}\"" -DSVM_VARIANT_ENTRY=svm_syntax_check
            ${incs} "${glue}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    string(REGEX MATCH "[^\n]*error:[^\n]*" first "${err}")
    if(NOT first)
      string(REGEX MATCH "^[^\n]*" first "${err}")
    endif()
    svm_fatal("${rel}: variant does not compile: ${first}")
  endif()
endfunction()

# svm_copy_variant_set(<name> <shift> <files...>): a static library
# <name>_p<shift> with one glue object per variant and the registry that
# svm_copy_variants() returns.
function(svm_copy_variant_set name shift)
  set(files ${ARGN})
  set(lib ${name}_p${shift})
  set(gen_dir "${CMAKE_BINARY_DIR}/generated/${lib}")
  file(MAKE_DIRECTORY "${gen_dir}")
  set(glue "${CMAKE_SOURCE_DIR}/src/copy/glue_copy.c")
  set(decls "")
  set(rows "")
  set(objs)
  list(SORT files)
  foreach(file IN LISTS files)
    svm_variant_header("${file}" V)
    get_filename_component(stem "${file}" NAME_WE)
    if(NOT V_Variant STREQUAL stem)
      svm_fatal("${V_Rel}: 'Variant: ${V_Variant}' must equal the file name '${stem}'")
    endif()
    if(NOT V_Expect MATCHES "^(pass|observed|[A-Z]+-[A-Z]+(, *[A-Z]+-[A-Z]+)*)$")
      svm_fatal("${V_Rel}: 'Expect: ${V_Expect}' must be 'pass', 'observed' (kernel-tree/review variants) or a comma-separated list of property IDs")
    endif()
    svm_api_gen("${V_Api}" gen "${V_Rel}")
    set_property(DIRECTORY "${CMAKE_SOURCE_DIR}" APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${file}")
    svm_variant_syntax_check("${file}" "${V_Rel}" "${glue}" ${gen} ${shift})
    set(entry "svm_copy_call_${stem}")
    set(wrapper "${gen_dir}/glue_${stem}.c")
    svm_write_if_changed("${wrapper}" "/* Generated: glue for ${V_Rel} */\n#include \"${glue}\"\n")
    set_source_files_properties("${wrapper}" PROPERTIES
      COMPILE_DEFINITIONS "SVM_API_GEN=${gen};SVM_VARIANT_FILE=\"${file}\";SVM_VARIANT_ENTRY=${entry}"
      OBJECT_DEPENDS "${file}")
    list(APPEND objs "${wrapper}")
    string(APPEND decls "int ${entry}(uint32_t, void *, void *, unsigned long, void *);\n")
    string(REGEX REPLACE ", *" "," expect "${V_Expect}")
    foreach(f name api expect Source Rel Description)
      if(f STREQUAL "name")
        svm_c_string(c_${f} "${stem}")
      elseif(f STREQUAL "api")
        svm_c_string(c_${f} "${V_Api}")
      elseif(f STREQUAL "expect")
        svm_c_string(c_${f} "${expect}")
      else()
        svm_c_string(c_${f} "${V_${f}}")
      endif()
    endforeach()
    string(APPEND rows "\t{ ${c_name}, ${c_api}, ${gen}, ${c_expect}, ${c_Source}, ${c_Rel}, ${c_Description}, ${entry} },\n")
  endforeach()
  svm_write_if_changed("${gen_dir}/registry.c"
"/* Generated from the variant headers: do not edit. */
#include <string.h>
#include <abi/svm_copy_abi.h>

${decls}
static const struct svm_copy_variant variants[] = {
${rows}};

const struct svm_copy_variant *svm_copy_variants(size_t *count)
{
\t*count = sizeof(variants) / sizeof(variants[0]);
\treturn variants;
}

const struct svm_copy_variant *svm_copy_variant_find(const char *name)
{
\tfor (size_t i = 0; i < sizeof(variants) / sizeof(variants[0]); i++)
\t\tif (!strcmp(variants[i].name, name))
\t\t\treturn &variants[i];
\treturn NULL;
}
")
  add_library(${lib} STATIC ${objs} "${gen_dir}/registry.c")
  target_compile_options(${lib} PRIVATE ${SVM_KERNEL_WARNINGS})
  target_link_libraries(${lib} PUBLIC svm_core_p${shift})
endfunction()

# svm_buddy_variant_set(<name> <shift> <files...>): a static library
# <name>_p<shift> with one glue object per buddy variant (the variant file
# included unchanged, its public drm_buddy_* names prefixed with
# svm_buddy_<variant>_ so that variants link side by side) and the registry
# that svm_buddy_variants() returns.
function(svm_buddy_variant_set name shift)
  set(files ${ARGN})
  set(lib ${name}_p${shift})
  set(gen_dir "${CMAKE_BINARY_DIR}/generated/${lib}")
  file(MAKE_DIRECTORY "${gen_dir}")
  set(glue "${CMAKE_SOURCE_DIR}/src/buddy/glue_buddy.c")
  set(decls "")
  set(rows "")
  set(objs)
  list(SORT files)
  foreach(file IN LISTS files)
    svm_variant_header("${file}" V)
    get_filename_component(stem "${file}" NAME_WE)
    if(NOT V_Variant STREQUAL stem)
      svm_fatal("${V_Rel}: 'Variant: ${V_Variant}' must equal the file name '${stem}'")
    endif()
    if(NOT stem MATCHES "^[a-z][a-z0-9_]*$")
      svm_fatal("${V_Rel}: a buddy variant name must be a C identifier in lower case")
    endif()
    if(NOT V_Expect MATCHES "^(pass|observed|[A-Z]+-[A-Z]+(, *[A-Z]+-[A-Z]+)*)$")
      svm_fatal("${V_Rel}: 'Expect: ${V_Expect}' must be 'pass', 'observed' (kernel-tree/review variants) or a comma-separated list of property IDs")
    endif()
    if(NOT V_Api STREQUAL "drm_buddy")
      svm_fatal("${V_Rel}: 'Api: ${V_Api}' is not a known buddy API (drm_buddy)")
    endif()
    set_property(DIRECTORY "${CMAKE_SOURCE_DIR}" APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${file}")
    svm_variant_syntax_check("${file}" "${V_Rel}" "${glue}" 0 ${shift})
    set(ops "svm_buddy_ops_${stem}")
    set(wrapper "${gen_dir}/glue_${stem}.c")
    svm_write_if_changed("${wrapper}" "/* Generated: glue for ${V_Rel} */\n#include \"${glue}\"\n")
    set_source_files_properties("${wrapper}" PROPERTIES
      COMPILE_DEFINITIONS "SVM_VARIANT_FILE=\"${file}\";SVM_BUDDY_PREFIX=svm_buddy_${stem}_;SVM_BUDDY_OPS=${ops}"
      OBJECT_DEPENDS "${file}")
    list(APPEND objs "${wrapper}")
    string(APPEND decls "extern const struct svm_buddy_ops ${ops};\n")
    string(REGEX REPLACE ", *" "," expect "${V_Expect}")
    svm_c_string(c_name "${stem}")
    svm_c_string(c_api "${V_Api}")
    svm_c_string(c_expect "${expect}")
    svm_c_string(c_source "${V_Source}")
    svm_c_string(c_rel "${V_Rel}")
    svm_c_string(c_desc "${V_Description}")
    string(APPEND rows "\t{ ${c_name}, ${c_api}, ${c_expect}, ${c_source}, ${c_rel}, ${c_desc}, &${ops} },\n")
  endforeach()
  svm_write_if_changed("${gen_dir}/registry.c"
"/* Generated from the variant headers: do not edit. */
#include <string.h>
#include <abi/svm_buddy_abi.h>

${decls}
static const struct svm_buddy_variant variants[] = {
${rows}};

const struct svm_buddy_variant *svm_buddy_variants(size_t *count)
{
\t*count = sizeof(variants) / sizeof(variants[0]);
\treturn variants;
}

const struct svm_buddy_variant *svm_buddy_variant_find(const char *name)
{
\tfor (size_t i = 0; i < sizeof(variants) / sizeof(variants[0]); i++)
\t\tif (!strcmp(variants[i].name, name))
\t\t\treturn &variants[i];
\treturn NULL;
}
")
  add_library(${lib} STATIC ${objs} "${gen_dir}/registry.c")
  target_compile_options(${lib} PRIVATE ${SVM_KERNEL_WARNINGS})
  target_link_libraries(${lib} PUBLIC svm_core_p${shift})
endfunction()
