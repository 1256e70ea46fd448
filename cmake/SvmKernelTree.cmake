# Kernel-tree mode: -DSVMCHECK_KERNEL_TREE=DIR builds a user's Linux tree,
# unmodified, against the userspace kernel as extra variants named
# 'kernel_tree':
#  - copy: the copy path of drivers/gpu/drm/xe/xe_svm.c, extracted by clang
#    (kernel-tree/extract_copy.py), API generation detected from the tree;
#  - buddy: drivers/gpu/drm/drm_buddy.c (or drivers/gpu/buddy.c, 2026+),
#    included as it is (kernel-tree/buddy_variant.py);
#  - the tree's own buddy KUnit suite, run on the tree's allocator and on
#    ours (tests/kernel-tree, ctest label kernel-tree).
# Their 'Expect:' is 'observed': the verdict table shows what the harness
# finds, and the row is informational. A tree missing a file or a symbol, or
# of an unknown API generation, stops the configure step with one line.
#
# scripts/svmcheck review uses the same door for the before/after variants
# of a patch: SVMCHECK_REVIEW_COPY / SVMCHECK_REVIEW_BUDDY list generated
# variant files that join the registries.

set(SVMCHECK_REVIEW_COPY "" CACHE STRING "Extra copy variant files (written by scripts/svmcheck review)")
set(SVMCHECK_REVIEW_BUDDY "" CACHE STRING "Extra buddy variant files (written by scripts/svmcheck review)")
mark_as_advanced(SVMCHECK_REVIEW_COPY SVMCHECK_REVIEW_BUDDY)

find_program(SVM_KTREE_CLANG NAMES clang-14 clang)
find_program(SVM_KTREE_PYTHON NAMES python3)

# Runs one generator script; its one-line refusal becomes the configure error.
function(svm_kernel_tree_run what)
  execute_process(COMMAND "${SVM_KTREE_PYTHON}" ${ARGN}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    string(REGEX MATCH "svmcheck: [^\n]*" line "${err}")
    if(NOT line)
      string(REGEX MATCH "[^\n]+" line "${err}")
      set(line "svmcheck: kernel tree ${SVMCHECK_KERNEL_TREE}: ${what} failed: ${line}")
    endif()
    string(REGEX REPLACE "^svmcheck: " "" line "${line}")
    svm_fatal("${line}")
  endif()
  string(STRIP "${out}" out)
  message(STATUS "svmcheck: ${out}")
endfunction()

# svm_kernel_tree_variants(): in src/CMakeLists.txt, before the per-geometry
# libraries. Sets SVM_KERNEL_TREE_COPY_VARIANTS and
# SVM_KERNEL_TREE_BUDDY_VARIANTS (global), and puts the
# forwarding headers of the tree (include/linux/gpu_buddy.h) on the C
# include path after the shim's own.
function(svm_kernel_tree_variants)
  set(copy ${SVMCHECK_REVIEW_COPY})
  set(buddy ${SVMCHECK_REVIEW_BUDDY})
  if(SVMCHECK_KERNEL_TREE)
    if(NOT SVM_KTREE_CLANG OR NOT SVM_KTREE_PYTHON)
      svm_fatal("kernel tree mode needs clang and python3 (scripts/setup installs them)")
    endif()
    get_filename_component(tree "${SVMCHECK_KERNEL_TREE}" ABSOLUTE BASE_DIR "${CMAKE_BINARY_DIR}")
    if(NOT IS_DIRECTORY "${tree}")
      svm_fatal("kernel tree ${SVMCHECK_KERNEL_TREE}: not a directory")
    endif()
    set(out "${CMAKE_BINARY_DIR}/kernel-tree")
    file(MAKE_DIRECTORY "${out}/copy")
    set(incs)
    foreach(d IN LISTS SVM_C_INCLUDE_DIRS)
      list(APPEND incs "-I${d}")
    endforeach()
    svm_kernel_tree_run("copy extraction" "${CMAKE_SOURCE_DIR}/kernel-tree/extract_copy.py"
      --tree "${tree}" --out "${out}/copy/kernel_tree.c" --meta "${out}/copy.json" --cc "${SVM_KTREE_CLANG}"
      --check-glue "${CMAKE_SOURCE_DIR}/src/copy/glue_copy.c" ${incs})
    svm_kernel_tree_run("buddy variant" "${CMAKE_SOURCE_DIR}/kernel-tree/buddy_variant.py"
      --tree "${tree}" --out "${out}" --cc "${SVM_KTREE_CLANG}" ${incs})
    list(APPEND copy "${out}/copy/kernel_tree.c")
    list(APPEND buddy "${out}/buddy/kernel_tree.c")
    set(dirs ${SVM_C_INCLUDE_DIRS})
    if(NOT "${out}/include" IN_LIST dirs)
      list(APPEND dirs "${out}/include")
      set(SVM_C_INCLUDE_DIRS "${dirs}" CACHE INTERNAL "include path of kernel-style C code")
    endif()
    # Re-run the extraction when the tree's files change.
    file(GLOB_RECURSE watched "${tree}/drivers/gpu/drm/xe/xe_svm.c" "${tree}/drivers/gpu/drm/drm_buddy.c"
         "${tree}/drivers/gpu/buddy.c" "${tree}/include/drm/drm_buddy.h" "${tree}/include/linux/gpu_buddy.h"
         "${tree}/drivers/gpu/drm/tests/drm_buddy_test.c" "${tree}/drivers/gpu/tests/gpu_buddy_test.c")
    set_property(DIRECTORY "${CMAKE_SOURCE_DIR}" APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${watched}
                 "${CMAKE_SOURCE_DIR}/kernel-tree/extract_copy.py" "${CMAKE_SOURCE_DIR}/kernel-tree/buddy_variant.py")
    set(SVM_KERNEL_TREE_DIR "${tree}" CACHE INTERNAL "absolute path of SVMCHECK_KERNEL_TREE")
  else()
    set(SVM_KERNEL_TREE_DIR "" CACHE INTERNAL "absolute path of SVMCHECK_KERNEL_TREE")
  endif()
  # Global: fuzz/ and tests/ take the same lists.
  set(SVM_KERNEL_TREE_COPY_VARIANTS "${copy}" CACHE INTERNAL "kernel-tree and review copy variant files")
  set(SVM_KERNEL_TREE_BUDDY_VARIANTS "${buddy}" CACHE INTERNAL "kernel-tree and review buddy variant files")
endfunction()

# svm_kunit_suite(<name> <suite.c> <allocator> [INCLUDES dirs...] [SOURCES extra.c...]):
# an executable running a kernel-style KUnit suite on an allocator target
# (kernel-tree/kunit/), registered with ctest under the label kernel-tree.
function(svm_kunit_suite name suite allocator)
  cmake_parse_arguments(K "" "SHIFT" "INCLUDES;SOURCES;DEFINES" ${ARGN})
  add_executable(${name} "${CMAKE_SOURCE_DIR}/kernel-tree/kunit/kunit.c" "${suite}" ${K_SOURCES})
  # The KUnit shim's <linux/prandom.h> and the suite's own includes come first.
  target_include_directories(${name} BEFORE PRIVATE ${K_INCLUDES} "${CMAKE_SOURCE_DIR}/kernel-tree/kunit/include")
  target_compile_definitions(${name} PRIVATE ${K_DEFINES})
  target_compile_options(${name} PRIVATE -w)
  target_link_libraries(${name} PRIVATE ${allocator})
  add_test(NAME ${name} COMMAND ${name} --seed 1)
  set_tests_properties(${name} PROPERTIES LABELS kernel-tree)
endfunction()
