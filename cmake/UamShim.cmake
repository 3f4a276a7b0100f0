# The conventions every native shim of the repository shares (Uam.Runtime/Native: libnt, libnt_testing;
# Uam.Environments/Native: liblunar): C++17, only the C ABI visible, warnings as errors, no undefined symbols.
function(uam_shim_conventions target)
  target_compile_features(${target} PRIVATE cxx_std_17)
  set_target_properties(${target} PROPERTIES
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    CXX_EXTENSIONS OFF)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror)
  target_link_options(${target} PRIVATE -Wl,--no-undefined)
endfunction()
