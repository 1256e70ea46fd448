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

macro(svm_variant_unescape var)
  string(REPLACE "<svm-semicolon>" ";" ${var} "${${var}}")
  string(REPLACE "<svm-open>" "[" ${var} "${${var}}")
  string(REPLACE "<svm-close>" "]" ${var} "${${var}}")
endmacro()

# svm_variant_header(<file> <prefix>): sets <prefix>_Variant, _Api, _Source,
# _Expect and _Description in the caller's scope.
function(svm_variant_header file prefix)
  # Lines as a list: a ';' inside a line would split it and an unmatched
  # '[' would glue the following lines together, so both travel as tokens
  # and come back in the values (svm_variant_unescape).
  file(READ "${file}" text LIMIT 16384)
  string(REPLACE ";" "<svm-semicolon>" text "${text}")
  string(REPLACE "[" "<svm-open>" text "${text}")
  string(REPLACE "]" "<svm-close>" text "${text}")
  string(REPLACE "\r" "" text "${text}")
  string(REPLACE "\n" ";" lines "${text}")
  list(LENGTH lines nlines)
  if(nlines GREATER 60)
    list(SUBLIST lines 0 60 lines)
  endif()
  set(desc "")
  set(in_desc OFF)
  foreach(line IN LISTS lines)
    if(line MATCHES "^ \\* ([A-Za-z]+): (.*)$")
      set(key "${CMAKE_MATCH_1}")
      set(val "${CMAKE_MATCH_2}")
      if(key IN_LIST SVM_VARIANT_KEYS)
        string(STRIP "${val}" val)
        svm_variant_unescape(val)
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
  svm_variant_unescape(desc)
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

# svm_variant_set(ALGO <copy|buddy|devmem> NAME <name> SHIFT <shift>
#                 GLUE <glue.c> [LINK <libs...>] FILES <files...>)
# A static library <name>_p<shift> with one generated glue TU per variant
# (the glue file compiled with the variant included unchanged) and the
# registry generated from the variant headers behind
# src/abi/svm_<algo>_abi.h: svm_<algo>_variants() and, for copy and buddy,
# svm_<algo>_variant_find(). The library links LINK (default
# svm_core_p<shift>). What differs between the algorithms is the table at
# the top of the function; the rest is shared.
function(svm_variant_set)
  cmake_parse_arguments(PARSE_ARGV 0 A "" "ALGO;NAME;SHIFT;GLUE" "LINK;FILES")
  # Per algorithm: the header rules (a C-identifier name, 'Expect: observed',
  # the API), the symbol each glue TU defines, its compile definitions, its
  # declaration and its registry row. Templates are expanded per variant with
  # @stem@, @file@, @gen@, @entry@ and the C strings @c_name@, @c_api@,
  # @c_expect@, @c_source@, @c_rel@, @c_desc@.
  set(rowtail "@c_expect@, @c_source@, @c_rel@, @c_desc@")
  set(ident_rule "")
  set(expect_ids "[A-Z]+-[A-Z]+(, *[A-Z]+-[A-Z]+)*")
  set(expect_regex "^(pass|observed|${expect_ids})$")
  set(expect_rule "'pass', 'observed' (kernel-tree/review variants) or a comma-separated list of property IDs")
  set(includes "")
  set(find ON)
  if(A_ALGO STREQUAL "copy")
    # Api: G1..G3, checked by svm_api_gen.
    set(entry_t "svm_copy_call_@stem@")
    set(defs_t "SVM_API_GEN=@gen@;SVM_VARIANT_FILE=\"@file@\";SVM_VARIANT_ENTRY=@entry@")
    set(decl_t "int @entry@(uint32_t, void *, void *, unsigned long, void *);")
    set(row_t "@c_name@, @c_api@, @gen@, ${rowtail}, @entry@")
  elseif(A_ALGO STREQUAL "buddy")
    set(ident_rule "a buddy variant name")
    set(api_regex "^drm_buddy$")
    set(api_known "buddy API (drm_buddy)")
    # The public drm_buddy_* names are prefixed with svm_buddy_<variant>_ so
    # that variants link side by side.
    set(entry_t "svm_buddy_ops_@stem@")
    set(defs_t "SVM_VARIANT_FILE=\"@file@\";SVM_BUDDY_PREFIX=svm_buddy_@stem@_;SVM_BUDDY_OPS=@entry@")
    set(decl_t "extern const struct svm_buddy_ops @entry@;")
    set(row_t "@c_name@, @c_api@, ${rowtail}, &@entry@")
  elseif(A_ALGO STREQUAL "devmem")
    set(ident_rule "a devmem variant's name")
    set(expect_regex "^(pass|${expect_ids})$")
    set(expect_rule "'pass' or a comma-separated list of property IDs")
    set(api_regex "^xe_devm ")
    set(api_known "device-memory API (xe_devm (<year>))")
    set(entry_t "svm_devmem_impl_@stem@")
    set(defs_t "SVM_VARIANT_FILE=\"@file@\";SVM_VARIANT_STEM=@stem@;SVM_VARIANT_ENTRY=@entry@")
    set(decl_t "extern const struct glue_devmem_impl @entry@;")
    set(row_t "@c_name@, @c_api@, ${rowtail}, &@entry@")
    set(includes "#include \"devmem/glue_devmem.h\"\n")
    set(find OFF)
  else()
    message(FATAL_ERROR "svm_variant_set: ALGO '${A_ALGO}' is not copy, buddy or devmem")
  endif()
  foreach(key NAME SHIFT GLUE)
    if(NOT DEFINED A_${key})
      message(FATAL_ERROR "svm_variant_set: ${key} is required")
    endif()
  endforeach()
  if(NOT DEFINED A_LINK)
    set(A_LINK svm_core_p${A_SHIFT})
  endif()

  set(algo ${A_ALGO})
  set(glue "${A_GLUE}")
  set(files ${A_FILES})
  set(lib ${A_NAME}_p${A_SHIFT})
  set(gen_dir "${CMAKE_BINARY_DIR}/generated/${lib}")
  file(MAKE_DIRECTORY "${gen_dir}")
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
    if(ident_rule AND NOT stem MATCHES "^[a-z][a-z0-9_]*$")
      svm_fatal("${V_Rel}: ${ident_rule} must be a C identifier in lower case")
    endif()
    if(NOT V_Expect MATCHES "${expect_regex}")
      svm_fatal("${V_Rel}: 'Expect: ${V_Expect}' must be ${expect_rule}")
    endif()
    if(algo STREQUAL "copy")
      svm_api_gen("${V_Api}" gen "${V_Rel}")
    elseif(V_Api MATCHES "${api_regex}")
      set(gen 0)
    else()
      svm_fatal("${V_Rel}: 'Api: ${V_Api}' is not a known ${api_known}")
    endif()
    set_property(DIRECTORY "${CMAKE_SOURCE_DIR}" APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${file}")
    svm_variant_syntax_check("${file}" "${V_Rel}" "${glue}" ${gen} ${A_SHIFT})
    string(CONFIGURE "${entry_t}" entry @ONLY)
    string(CONFIGURE "${defs_t}" defs @ONLY)
    set(wrapper "${gen_dir}/glue_${stem}.c")
    svm_write_if_changed("${wrapper}" "/* Generated: glue for ${V_Rel} */\n#include \"${glue}\"\n")
    set_source_files_properties("${wrapper}" PROPERTIES COMPILE_DEFINITIONS "${defs}" OBJECT_DEPENDS "${file}")
    list(APPEND objs "${wrapper}")
    string(REGEX REPLACE ", *" "," expect "${V_Expect}")
    svm_c_string(c_name "${stem}")
    svm_c_string(c_api "${V_Api}")
    svm_c_string(c_expect "${expect}")
    svm_c_string(c_source "${V_Source}")
    svm_c_string(c_rel "${V_Rel}")
    svm_c_string(c_desc "${V_Description}")
    string(CONFIGURE "${decl_t}\n" decl @ONLY)
    string(CONFIGURE "\t{ ${row_t} },\n" row @ONLY)
    string(APPEND decls "${decl}")
    string(APPEND rows "${row}")
  endforeach()

  set(find_fn "")
  if(find)
    set(find_fn "
const struct svm_${algo}_variant *svm_${algo}_variant_find(const char *name)
{
\tfor (size_t i = 0; i < sizeof(variants) / sizeof(variants[0]); i++)
\t\tif (!strcmp(variants[i].name, name))
\t\t\treturn &variants[i];
\treturn NULL;
}
")
  endif()
  svm_write_if_changed("${gen_dir}/registry.c"
"/* Generated from the variant headers: do not edit. */
#include <string.h>
#include <abi/svm_${algo}_abi.h>
${includes}
${decls}
static const struct svm_${algo}_variant variants[] = {
${rows}};

const struct svm_${algo}_variant *svm_${algo}_variants(size_t *count)
{
\t*count = sizeof(variants) / sizeof(variants[0]);
\treturn variants;
}
${find_fn}")
  add_library(${lib} STATIC ${objs} "${gen_dir}/registry.c")
  target_compile_options(${lib} PRIVATE ${SVM_KERNEL_WARNINGS})
  target_link_libraries(${lib} PUBLIC ${A_LINK})
endfunction()
